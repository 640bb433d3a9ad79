using System.Globalization;
using RiskOps.Core.Modeling;

namespace RiskOps.Models.Encoding;

/// <summary>
/// Turns a feature row into the dense float vector every scorer consumes. Numeric features take one
/// slot (missing = NaN); a categorical feature takes one slot per kept level plus an "other" slot, so
/// a level never seen in training still scores (as "other") and a missing value is all zeros.
/// </summary>
public sealed class FeatureEncoder
{
    /// <summary>Name of the slot that receives levels unseen (or too rare) at training time.</summary>
    public const string OtherLevel = "__other__";

    private readonly Dictionary<string, int>[] _levelIndex;

    /// <summary>Creates an encoder from its features and, per categorical feature, the levels it keeps.</summary>
    public FeatureEncoder(IReadOnlyList<FeatureRef> features, IReadOnlyDictionary<string, IReadOnlyList<string>> levels)
    {
        Features = features;
        Levels = levels;
        SlotStart = new int[features.Count];
        SlotCount = new int[features.Count];
        _levelIndex = new Dictionary<string, int>[features.Count];
        var names = new List<string>();
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            SlotStart[i] = names.Count;
            _levelIndex[i] = new Dictionary<string, int>(StringComparer.Ordinal);
            if (feature.Kind == FeatureKind.Numeric)
            {
                names.Add(feature.Name);
            }
            else
            {
                var kept = levels.TryGetValue(feature.Name, out var l) ? l : [];
                foreach (var level in kept)
                {
                    _levelIndex[i][level] = names.Count - SlotStart[i];
                    names.Add($"{feature.Name}={level}");
                }
                names.Add($"{feature.Name}={OtherLevel}");
            }
            SlotCount[i] = names.Count - SlotStart[i];
        }
        SlotNames = names;
        Width = names.Count;
    }

    /// <summary>The model inputs, in signature order.</summary>
    public IReadOnlyList<FeatureRef> Features { get; }

    /// <summary>Kept levels per categorical feature.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Levels { get; }

    /// <summary>Number of floats in an encoded row.</summary>
    public int Width { get; }

    /// <summary>Name of each slot (<c>feature</c> or <c>feature=level</c>).</summary>
    public IReadOnlyList<string> SlotNames { get; }

    /// <summary>First slot of each feature.</summary>
    public int[] SlotStart { get; }

    /// <summary>Number of slots of each feature.</summary>
    public int[] SlotCount { get; }

    /// <summary>Writes feature <paramref name="featureIndex"/> of value <paramref name="value"/> into its slots of <paramref name="row"/>.</summary>
    public void EncodeFeature(int featureIndex, object? value, Span<float> row)
    {
        var slots = row.Slice(SlotStart[featureIndex], SlotCount[featureIndex]);
        if (Features[featureIndex].Kind == FeatureKind.Numeric)
        {
            slots[0] = (float)ToDouble(value);
            return;
        }
        slots.Clear();
        var text = value switch
        {
            null => null,
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        slots[_levelIndex[featureIndex].TryGetValue(text, out var at) ? at : SlotCount[featureIndex] - 1] = 1f;
    }

    /// <summary>Encodes one row; absent features are missing.</summary>
    public void Encode(IReadOnlyDictionary<string, object?> row, Span<float> destination)
    {
        for (var i = 0; i < Features.Count; i++)
        {
            EncodeFeature(i, row.TryGetValue(Features[i].Name, out var v) ? v : null, destination);
        }
    }

    /// <summary>Reads a numeric value; null, non-numeric text and non-finite values are missing (NaN).</summary>
    public static double ToDouble(object? value) => value switch
    {
        null => double.NaN,
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        bool b => b ? 1 : 0,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : double.NaN,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => double.NaN,
    };
}
