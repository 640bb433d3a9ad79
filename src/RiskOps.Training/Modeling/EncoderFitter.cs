using RiskOps.Core.Modeling;
using RiskOps.Models.Encoding;
using RiskOps.Training.Data;

namespace RiskOps.Training.Modeling;

/// <summary>Learns categorical levels and explanation baselines from the development rows only.</summary>
internal static class EncoderFitter
{
    /// <summary>Most levels kept per categorical; the rest share the "other" slot.</summary>
    public const int MaxLevels = 64;

    public static FeatureEncoder Fit(TabularData data, int[] rows)
    {
        var minCount = rows.Length >= 1000 ? 5 : 2;
        var levels = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var feature in data.Features.Where(f => f.Kind == FeatureKind.Categorical))
        {
            var column = data.Categorical[feature.Name];
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var i in rows)
            {
                if (column[i] is { } v)
                {
                    counts[v] = counts.GetValueOrDefault(v) + 1;
                }
            }
            levels[feature.Name] = [.. counts.Where(kv => kv.Value >= minCount)
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Take(MaxLevels).Select(kv => kv.Key)];
        }
        return new FeatureEncoder(data.Features, levels);
    }

    public static (Dictionary<string, double> Numeric, Dictionary<string, string?> Categorical) Baselines(TabularData data, int[] rows)
    {
        var numeric = new Dictionary<string, double>(StringComparer.Ordinal);
        var categorical = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var feature in data.Features)
        {
            if (feature.Kind == FeatureKind.Numeric)
            {
                var values = rows.Select(i => data.Numeric[feature.Name][i]).Where(v => !double.IsNaN(v)).Order().ToArray();
                numeric[feature.Name] = values.Length == 0 ? 0 : values[values.Length / 2];
            }
            else
            {
                categorical[feature.Name] = rows.Select(i => data.Categorical[feature.Name][i]).Where(v => v is not null)
                    .GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => g.Key).FirstOrDefault();
            }
        }
        return (numeric, categorical);
    }
}
