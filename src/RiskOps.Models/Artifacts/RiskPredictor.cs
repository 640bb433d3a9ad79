using System.Buffers;
using RiskOps.Core.Modeling;
using RiskOps.Models.Calibration;
using RiskOps.Models.Encoding;
using RiskOps.Models.Scoring;

namespace RiskOps.Models.Artifacts;

/// <summary>
/// A loaded model version: encoder, scorer and output map. Thread-safe (the scorers are, and this
/// type holds no mutable state). Explanations substitute one feature at a time with its training
/// baseline and report the change in link space (log-odds, log-rate, value); for a GLM this is
/// exactly coefficient × (x − baseline), for trees it is a model-agnostic occlusion attribution.
/// </summary>
public sealed class RiskPredictor : IPredictor
{
    private readonly float[] _baselineRow;

    /// <summary>Assembles a predictor from its parts.</summary>
    public RiskPredictor(ModelManifest manifest, FeatureEncoder encoder, LinkScorer scorer, ModelOutput output)
    {
        Manifest = manifest;
        Encoder = encoder;
        Scorer = scorer;
        Output = output;
        _baselineRow = new float[encoder.Width];
        for (var i = 0; i < encoder.Features.Count; i++)
        {
            encoder.EncodeFeature(i, BaselineValue(i), _baselineRow);
        }
    }

    /// <inheritdoc/>
    public ModelManifest Manifest { get; }

    /// <summary>The feature encoder.</summary>
    public FeatureEncoder Encoder { get; }

    /// <summary>The link-space scorer.</summary>
    public LinkScorer Scorer { get; }

    /// <summary>Calibration, threshold and explanation baseline.</summary>
    public ModelOutput Output { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Prediction> Predict(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        var width = Encoder.Width;
        var matrix = ArrayPool<float>.Shared.Rent(Math.Max(1, rows.Count * width));
        try
        {
            for (var r = 0; r < rows.Count; r++)
            {
                Encoder.Encode(rows[r], matrix.AsSpan(r * width, width));
            }
            return PredictEncoded(matrix, rows.Count);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(matrix);
        }
    }

    /// <summary>Scores already-encoded rows (row-major, encoder width); the fast path for evaluation and re-scoring.</summary>
    public Prediction[] PredictEncoded(ReadOnlySpan<float> matrix, int rowCount)
    {
        var outputs = Scorer.Outputs;
        var link = new double[rowCount * outputs];
        Scorer.Score(matrix, rowCount, link);
        var result = new Prediction[rowCount];
        for (var r = 0; r < rowCount; r++)
        {
            result[r] = outputs == 1 ? new Prediction(FromLink(link[r])) : Multiclass(link.AsSpan(r * outputs, outputs));
        }
        return result;
    }

    /// <summary>Maps one link-space score to the prediction value.</summary>
    public double FromLink(double link) => Output.Task switch
    {
        ModelTask.Binary => (Output.Calibrator ?? ProbabilityCalibrator.None).Apply(link),
        ModelTask.PoissonWithExposure => Math.Exp(link),
        _ => link,
    };

    private static Prediction Multiclass(ReadOnlySpan<double> probabilities)
    {
        var best = 0;
        var copy = new double[probabilities.Length];
        for (var k = 0; k < probabilities.Length; k++)
        {
            copy[k] = probabilities[k];
            if (probabilities[k] > probabilities[best])
            {
                best = k;
            }
        }
        return new Prediction(best, copy);
    }

    /// <inheritdoc/>
    public IReadOnlyList<FeatureContribution> Explain(IReadOnlyDictionary<string, object?> row, int top)
    {
        var width = Encoder.Width;
        var features = Encoder.Features;
        var matrix = new float[(features.Count + 1) * width];
        Encoder.Encode(row, matrix.AsSpan(0, width));
        for (var i = 0; i < features.Count; i++)
        {
            var copy = matrix.AsSpan((i + 1) * width, width);
            matrix.AsSpan(0, width).CopyTo(copy);
            var start = Encoder.SlotStart[i];
            _baselineRow.AsSpan(start, Encoder.SlotCount[i]).CopyTo(copy[start..]);
        }
        var outputs = Scorer.Outputs;
        var link = new double[(features.Count + 1) * outputs];
        Scorer.Score(matrix, features.Count + 1, link);
        var cls = 0;
        if (outputs > 1)
        {
            for (var k = 1; k < outputs; k++)
            {
                cls = link[k] > link[cls] ? k : cls;
            }
        }
        var contributions = new FeatureContribution[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            var full = link[cls];
            var without = link[(i + 1) * outputs + cls];
            var delta = outputs > 1 ? Math.Log(Math.Max(full, 1e-12)) - Math.Log(Math.Max(without, 1e-12)) : full - without;
            contributions[i] = new FeatureContribution(features[i].Name, row.TryGetValue(features[i].Name, out var v) ? v : null, delta);
        }
        return [.. contributions.OrderByDescending(c => Math.Abs(c.Contribution)).Take(Math.Max(0, top))];
    }

    private object? BaselineValue(int featureIndex)
    {
        var name = Encoder.Features[featureIndex].Name;
        return Encoder.Features[featureIndex].Kind == FeatureKind.Numeric
            ? Output.NumericBaseline.TryGetValue(name, out var d) ? d : double.NaN
            : Output.CategoricalBaseline.TryGetValue(name, out var s) ? s : null;
    }

    /// <inheritdoc/>
    public void Dispose() => Scorer.Dispose();
}
