using System.Text.Json;
using RiskOps.Core.Modeling;

namespace RiskOps.Api.Models;

/// <summary>
/// A model's inputs in signature order, with a slot in a numeric or a categorical array each. Cached scores keep
/// their feature values as two flat arrays against a shared layout instead of 60 boxed values per customer.
/// </summary>
internal sealed class FeatureLayout
{
    private static readonly string[] s_separators = [":", "__", "."];

    public FeatureLayout(IReadOnlyList<FeatureRef> inputs)
    {
        Inputs = inputs;
        Slots = new int[inputs.Count];
        int numeric = 0, categorical = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            Slots[i] = inputs[i].Kind == FeatureKind.Numeric ? numeric++ : categorical++;
        }

        NumericCount = numeric;
        CategoricalCount = categorical;
    }

    public IReadOnlyList<FeatureRef> Inputs { get; }

    /// <summary>Index of input i in the numeric or categorical array, by its kind.</summary>
    public int[] Slots { get; }

    public int NumericCount { get; }

    public int CategoricalCount { get; }

    /// <summary>Looks a model input up in a feature row: by exact name, else by the name after a view prefix ("view:feature", "view__feature", "view.feature").</summary>
    public static object? Find(IReadOnlyDictionary<string, object?> values, string name)
    {
        if (values.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var separator in s_separators)
        {
            var at = name.LastIndexOf(separator, StringComparison.Ordinal);
            if (at >= 0 && values.TryGetValue(name[(at + separator.Length)..], out value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Extracts this layout's values from a feature row (missing numeric = NaN, missing categorical = null).</summary>
    public FeatureVector Extract(IReadOnlyDictionary<string, object?> values)
    {
        var numeric = new double[NumericCount];
        var categorical = new string?[CategoricalCount];
        for (var i = 0; i < Inputs.Count; i++)
        {
            var value = Find(values, Inputs[i].Name);
            if (Inputs[i].Kind == FeatureKind.Numeric)
            {
                numeric[Slots[i]] = ToDouble(value);
            }
            else
            {
                categorical[Slots[i]] = value switch
                {
                    null => null,
                    string s => s,
                    IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                    _ => value.ToString(),
                };
            }
        }

        return new FeatureVector(numeric, categorical);
    }

    /// <summary>The model row for <see cref="IPredictor"/>: input name → double or string.</summary>
    public Dictionary<string, object?> ToRow(FeatureVector vector)
    {
        var row = new Dictionary<string, object?>(Inputs.Count, StringComparer.Ordinal);
        for (var i = 0; i < Inputs.Count; i++)
        {
            row[Inputs[i].Name] = Inputs[i].Kind == FeatureKind.Numeric ? vector.Numeric[Slots[i]] : vector.Categorical[Slots[i]];
        }

        return row;
    }

    /// <summary>Features as the API shows them: NaN and absent values are null.</summary>
    public Dictionary<string, object?> ToDisplay(FeatureVector vector)
    {
        var shown = new Dictionary<string, object?>(Inputs.Count, StringComparer.Ordinal);
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i].Kind == FeatureKind.Numeric)
            {
                var v = vector.Numeric[Slots[i]];
                shown[Inputs[i].Name] = double.IsFinite(v) ? v : null;
            }
            else
            {
                shown[Inputs[i].Name] = vector.Categorical[Slots[i]];
            }
        }

        return shown;
    }

    /// <summary>
    /// Writes <see cref="ToDisplay"/> as a JSON object without building the dictionary (the per-request path). Names are
    /// escaped by the writer, not pre-encoded, so the output follows the writer's encoder like the serializer would.
    /// </summary>
    public void WriteDisplay(Utf8JsonWriter writer, FeatureVector vector)
    {
        writer.WriteStartObject();
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i].Kind == FeatureKind.Numeric)
            {
                var v = vector.Numeric[Slots[i]];
                if (double.IsFinite(v))
                {
                    writer.WriteNumber(Inputs[i].Name, v);
                }
                else
                {
                    writer.WriteNull(Inputs[i].Name);
                }
            }
            else if (vector.Categorical[Slots[i]] is { } text)
            {
                writer.WriteString(Inputs[i].Name, text);
            }
            else
            {
                writer.WriteNull(Inputs[i].Name);
            }
        }

        writer.WriteEndObject();
    }

    private static double ToDouble(object? value) => value switch
    {
        null => double.NaN,
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        bool b => b ? 1 : 0,
        short s => s,
        byte b => b,
        string s when double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => double.NaN,
    };
}
