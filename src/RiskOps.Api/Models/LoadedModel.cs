using RiskOps.Api.Seams;
using RiskOps.Core.Modeling;

namespace RiskOps.Api.Models;

/// <summary>
/// A predictor with a reference count: the catalog holds one reference, each in-flight request one more.
/// A swapped-out model is disposed only when its last request finishes, so hot swaps never cut a request short.
/// </summary>
internal sealed class LoadedModel(ModelVersionInfo version, IPredictor predictor, DateTimeOffset loadedAt)
{
    private int _references = 1;

    public ModelVersionInfo Version { get; } = version;

    public IPredictor Predictor { get; } = predictor;

    public DateTimeOffset LoadedAt { get; } = loadedAt;

    public bool IsDisposed => Volatile.Read(ref _references) == 0;

    /// <summary>Takes a reference unless the model has already been released for good.</summary>
    public bool TryAcquire()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Predictor.Dispose();
        }
    }
}
