using RiskOps.Features.Definitions;

namespace RiskOps.Api.Demand;

/// <summary>
/// Turns a forecast into a surge level, factor and price adjustment, relative to the bay's own ordinary
/// demand (ratio = expected / baseline): low below 0.8×, high above 1.25× — the surge class training
/// evaluates (<see cref="DemandTargets.SurgeClass"/>); surge factor = ratio clamped to 1.0–3.0; price
/// adjustment = 20% × (ratio − 1) clamped to ±20%.
/// </summary>
public static class SurgePolicy
{
    /// <summary>Floor on the baseline so an almost idle bay does not produce huge ratios from one booking.</summary>
    public const double MinBaseline = DemandTargets.MinTypical;

    /// <summary>Cap on the ratio so absurd forecasts stay finite (every policy output saturates long before it).</summary>
    public const double MaxRatio = 1000;

    /// <summary>Ratio of expected to baseline bookings, in [0, <see cref="MaxRatio"/>].</summary>
    public static double Ratio(double expected, double baseline) =>
        Math.Min(MaxRatio, Math.Max(0, double.IsFinite(expected) ? expected : 0) / Math.Max(MinBaseline, double.IsFinite(baseline) ? baseline : 0));

    /// <summary>low, medium or high.</summary>
    public static string Level(double ratio) => ratio < DemandTargets.LowBelow ? "low" : ratio > DemandTargets.HighAbove ? "high" : "medium";

    /// <summary>Surge factor in [1, 3].</summary>
    public static double SurgeFactor(double ratio) => Math.Clamp(ratio, 1.0, 3.0);

    /// <summary>Price adjustment in [−0.2, +0.2] (a fraction: 0.1 = +10%).</summary>
    public static double PriceAdjustment(double ratio) => Math.Clamp(0.2 * (ratio - 1), -0.2, 0.2);
}
