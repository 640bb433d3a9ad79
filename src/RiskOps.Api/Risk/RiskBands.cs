namespace RiskOps.Api.Risk;

/// <summary>
/// Maps a risk score to its band and a price multiplier: low (&lt; 0.3) → 0.8–1.0, medium → 1.0–1.2,
/// high (&gt; 0.7) → 1.2–1.5, linear inside each band so the multiplier is continuous and monotonic.
/// </summary>
public static class RiskBands
{
    /// <summary>Upper bound of the low band.</summary>
    public const double LowUpper = 0.3;

    /// <summary>Lower bound of the high band.</summary>
    public const double HighLower = 0.7;

    /// <summary>The band name: low, medium or high.</summary>
    public static string Band(double score) => score < LowUpper ? "low" : score > HighLower ? "high" : "medium";

    /// <summary>The price multiplier for a score in [0, 1] (clamped).</summary>
    public static double Multiplier(double score)
    {
        var s = Math.Clamp(score, 0, 1);
        if (s < LowUpper)
        {
            return 0.8 + (s / LowUpper * 0.2);
        }

        if (s <= HighLower)
        {
            return 1.0 + ((s - LowUpper) / (HighLower - LowUpper) * 0.2);
        }

        return 1.2 + ((s - HighLower) / (1 - HighLower) * 0.3);
    }
}
