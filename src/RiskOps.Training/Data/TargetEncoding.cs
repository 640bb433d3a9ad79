using System.Globalization;
using RiskOps.Core.Modeling;
using RiskOps.Training.Specs;

namespace RiskOps.Training.Data;

/// <summary>Turns the target column's text into the numbers each task trains on.</summary>
internal static class TargetEncoding
{
    private static readonly string[] s_positive = ["1", "true", "yes", "y", "t"];
    private static readonly string[] s_negative = ["0", "false", "no", "n", "f"];

    /// <summary>Labels, class labels, and the indexes of values that are invalid for the task.</summary>
    public static (double[] Labels, IReadOnlyList<string> Classes, HashSet<int> Bad) Encode(ModelTask task, List<string?> values, DatasetSpec spec)
    {
        var labels = new double[values.Count];
        var bad = new HashSet<int>();
        switch (task)
        {
            case ModelTask.Binary:
                for (var i = 0; i < values.Count; i++)
                {
                    var v = values[i]!.Trim();
                    if (spec.PositiveLabel is not null)
                    {
                        // A yes/no column may arrive sniffed as BOOLEAN (true/false): match it by meaning too.
                        var positive = string.Equals(v, spec.PositiveLabel, StringComparison.OrdinalIgnoreCase)
                            || (string.Equals(v, "true", StringComparison.OrdinalIgnoreCase) && s_positive.Contains(spec.PositiveLabel, StringComparer.OrdinalIgnoreCase));
                        labels[i] = positive ? 1 : 0;
                    }
                    else if (s_positive.Contains(v, StringComparer.OrdinalIgnoreCase) || v == "1.0")
                    {
                        labels[i] = 1;
                    }
                    else if (s_negative.Contains(v, StringComparer.OrdinalIgnoreCase) || v == "0.0")
                    {
                        labels[i] = 0;
                    }
                    else
                    {
                        bad.Add(i);
                    }
                }
                if (bad.Count == values.Count && values.Count > 0)
                {
                    throw new DatasetSpecException(
                        $"dataset spec field 'positive_label': target '{spec.Target}' holds values like '{values[0]}', not 0/1; name the positive class");
                }
                return (labels, ["0", spec.PositiveLabel ?? "1"], bad);
            case ModelTask.Multiclass:
                var classes = spec.Classes.Count > 0
                    ? spec.Classes
                    : values.Select(v => v!.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var index = classes.Select((c, k) => (c, k)).ToDictionary(p => p.c, p => p.k, StringComparer.Ordinal);
                for (var i = 0; i < values.Count; i++)
                {
                    if (index.TryGetValue(values[i]!.Trim(), out var k))
                    {
                        labels[i] = k;
                    }
                    else
                    {
                        bad.Add(i);
                    }
                }
                return (labels, classes, bad);
            default:
                for (var i = 0; i < values.Count; i++)
                {
                    if (double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && double.IsFinite(y)
                        && (task != ModelTask.PoissonWithExposure || y >= 0))
                    {
                        labels[i] = y;
                    }
                    else
                    {
                        bad.Add(i);
                    }
                }
                return (labels, [], bad);
        }
    }
}
