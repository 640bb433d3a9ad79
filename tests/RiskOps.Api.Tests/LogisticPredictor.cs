using System.Text.Json;
using RiskOps.Core.Modeling;

namespace RiskOps.Api.Tests;

/// <summary>
/// A small real model for the serving tests: logistic regression with fixed weights, read from
/// <c>logistic.json</c> in an artifact directory. Its score is easy to recompute by hand, which makes it the oracle.
/// </summary>
internal sealed class LogisticPredictor(ModelManifest manifest, double intercept, IReadOnlyDictionary<string, double> weights) : IPredictor
{
    public const string WeightsFile = "logistic.json";

    private int _disposed;

    public ModelManifest Manifest { get; } = manifest;

    public double Intercept { get; } = intercept;

    public IReadOnlyDictionary<string, double> Weights { get; } = weights;

    public bool IsDisposed => Volatile.Read(ref _disposed) == 1;

    public static LogisticPredictor Load(string directory)
    {
        var manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(Path.Combine(directory, "manifest.json")), TestJson.Manifest)!;
        var state = JsonSerializer.Deserialize<LogisticState>(File.ReadAllText(Path.Combine(directory, WeightsFile)))
            ?? throw new InvalidDataException("empty weights");
        return new LogisticPredictor(manifest, state.Intercept, state.Weights);
    }

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    public double Logit(IReadOnlyDictionary<string, object?> row)
    {
        var z = Intercept;
        foreach (var (name, weight) in Weights)
        {
            z += weight * Value(row, name);
        }

        return z;
    }

    private static double Value(IReadOnlyDictionary<string, object?> row, string name) =>
        row.TryGetValue(name, out var v) && v is double d && double.IsFinite(d) ? d : 0;

    public IReadOnlyList<Prediction> Predict(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var predictions = new Prediction[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            predictions[i] = new Prediction(Sigmoid(Logit(rows[i])));
        }

        return predictions;
    }

    public IReadOnlyList<FeatureContribution> Explain(IReadOnlyDictionary<string, object?> row, int top)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return [.. Weights.Select(w => new FeatureContribution(w.Key, row.GetValueOrDefault(w.Key), w.Value * Value(row, w.Key)))
            .OrderByDescending(c => Math.Abs(c.Contribution)).Take(top)];
    }

    public void Dispose() => Interlocked.Exchange(ref _disposed, 1);
}
