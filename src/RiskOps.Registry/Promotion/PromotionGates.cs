using System.Globalization;

namespace RiskOps.Registry.Promotion;

/// <summary>The promotion rule: the challenger must beat the champion on the primary holdout metric, in its direction, by the margin.</summary>
internal static class PromotionGates
{
    public static PromotionGate Evaluate(ModelVersion challenger, ModelVersion? champion, double margin)
    {
        var manifest = challenger.Manifest;
        var metric = manifest.PrimaryMetric;
        var value = manifest.Metrics[metric];
        var name = $"{challenger.ModelName} v{challenger.Version}";
        if (champion is null)
        {
            return new PromotionGate(metric, manifest.HigherIsBetter, null, null, value, margin, true,
                $"{name} becomes the first champion ({metric} {F(value)})");
        }
        var championManifest = champion.Manifest;
        if (!string.Equals(championManifest.PrimaryMetric, metric, StringComparison.Ordinal) || championManifest.HigherIsBetter != manifest.HigherIsBetter)
        {
            return new PromotionGate(metric, manifest.HigherIsBetter, champion.Version, null, value, margin, false,
                $"{name} is not comparable with champion v{champion.Version}: primary metrics differ ({metric} vs {championManifest.PrimaryMetric}); promote with --force and a reason");
        }
        var championValue = championManifest.Metrics[metric];
        var improvement = manifest.HigherIsBetter ? value - championValue : championValue - value;
        var passed = improvement > 0 && improvement >= margin;
        var direction = manifest.HigherIsBetter ? "higher" : "lower";
        return new PromotionGate(metric, manifest.HigherIsBetter, champion.Version, championValue, value, margin, passed,
            $"{name} {metric} {F(value)} vs champion v{champion.Version} {F(championValue)}: improvement {F(improvement)} ({direction} is better), " +
            (passed ? $"meets the margin {F(margin)}" : $"needs more than 0 and at least {F(margin)}; refused unless forced"));
    }

    private static string F(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
