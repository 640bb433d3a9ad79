using RiskOps.Core.Modeling;
using RiskOps.Models.Encoding;
using RiskOps.Training.Data;

namespace RiskOps.Training.Modeling;

/// <summary>A subset of rows encoded row-major for the trainers, with target, weight and exposure.</summary>
internal sealed class EncodedSet
{
    public required float[] X { get; init; }

    public required int Rows { get; init; }

    public required int Width { get; init; }

    public required double[] Y { get; init; }

    public required double[] W { get; init; }

    /// <summary>Exposure per row (1 when the task has none).</summary>
    public required double[] Exposure { get; init; }

    /// <summary>Source row index of each encoded row.</summary>
    public required int[] Index { get; init; }

    /// <summary>Per slot, true when it holds a numeric feature (not a one-hot level); null when unknown.</summary>
    public bool[]? Continuous { get; init; }

    public ReadOnlySpan<float> Row(int r) => X.AsSpan(r * Width, Width);

    public static EncodedSet Build(TabularData data, FeatureEncoder encoder, int[] rows)
    {
        var width = encoder.Width;
        var x = new float[(long)rows.Length * width];
        var features = encoder.Features;
        var numeric = new double[features.Count][];
        var categorical = new string?[features.Count][];
        for (var f = 0; f < features.Count; f++)
        {
            if (features[f].Kind == FeatureKind.Numeric)
            {
                numeric[f] = data.Numeric[features[f].Name];
            }
            else
            {
                categorical[f] = data.Categorical[features[f].Name];
            }
        }
        Parallel.For(0, rows.Length, r =>
        {
            var span = x.AsSpan(r * width, width);
            var source = rows[r];
            for (var f = 0; f < features.Count; f++)
            {
                if (numeric[f] is { } column)
                {
                    span[encoder.SlotStart[f]] = (float)column[source];
                }
                else
                {
                    encoder.EncodeFeature(f, categorical[f][source], span);
                }
            }
        });
        return new EncodedSet
        {
            X = x,
            Rows = rows.Length,
            Width = width,
            Y = [.. rows.Select(i => data.Target[i])],
            W = data.Weight is { } w ? [.. rows.Select(i => w[i])] : [.. rows.Select(_ => 1.0)],
            Exposure = data.Exposure is { } e ? [.. rows.Select(i => e[i])] : [.. rows.Select(_ => 1.0)],
            Index = rows,
            Continuous = [.. Enumerable.Range(0, width).Select(j => Enumerable.Range(0, features.Count)
                .Any(f => features[f].Kind == FeatureKind.Numeric && encoder.SlotStart[f] == j))],
        };
    }

    /// <summary>A copy holding the rows at <paramref name="positions"/> (positions within this set).</summary>
    public EncodedSet Slice(int[] positions)
    {
        var x = new float[(long)positions.Length * Width];
        for (var k = 0; k < positions.Length; k++)
        {
            X.AsSpan(positions[k] * Width, Width).CopyTo(x.AsSpan(k * Width, Width));
        }
        return new EncodedSet
        {
            X = x, Rows = positions.Length, Width = Width,
            Y = [.. positions.Select(i => Y[i])], W = [.. positions.Select(i => W[i])],
            Exposure = [.. positions.Select(i => Exposure[i])], Index = [.. positions.Select(i => Index[i])],
            Continuous = Continuous,
        };
    }

    /// <summary>Per slot, the median of the non-missing values (the fill for trainers that cannot take NaN).</summary>
    public double[] SlotMedians()
    {
        var medians = new double[Width];
        var buffer = new List<float>(Rows);
        for (var j = 0; j < Width; j++)
        {
            buffer.Clear();
            for (var r = 0; r < Rows; r++)
            {
                var v = X[(long)r * Width + j];
                if (!float.IsNaN(v))
                {
                    buffer.Add(v);
                }
            }
            if (buffer.Count == 0)
            {
                continue;
            }
            buffer.Sort();
            medians[j] = buffer[buffer.Count / 2];
        }
        return medians;
    }
}
