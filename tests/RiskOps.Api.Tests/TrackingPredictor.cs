using RiskOps.Core.Modeling;

namespace RiskOps.Api.Tests;

/// <summary>Wraps a real predictor loaded by the model runtime so tests can see when serving disposes it.</summary>
internal sealed class TrackingPredictor(IPredictor inner) : IPredictor
{
    private int _disposed;

    public bool IsDisposed => Volatile.Read(ref _disposed) == 1;

    public ModelManifest Manifest => inner.Manifest;

    public IReadOnlyList<Prediction> Predict(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) => inner.Predict(rows);

    public IReadOnlyList<FeatureContribution> Explain(IReadOnlyDictionary<string, object?> row, int top) => inner.Explain(row, top);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            inner.Dispose();
        }
    }
}
