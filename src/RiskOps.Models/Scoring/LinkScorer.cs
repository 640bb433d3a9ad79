namespace RiskOps.Models.Scoring;

/// <summary>
/// A fitted model reduced to its core: encoded rows in, scores in the model's link space out
/// (log-odds, log-rate, the value itself, or one score per class). Thread-safe.
/// </summary>
public abstract class LinkScorer : IDisposable
{
    /// <summary>Scores per row: 1, or the number of classes for multiclass.</summary>
    public abstract int Outputs { get; }

    /// <summary>
    /// Scores <paramref name="rowCount"/> rows stored row-major in <paramref name="matrix"/>
    /// (width = encoder width) into <paramref name="scores"/> (rowCount × <see cref="Outputs"/>).
    /// </summary>
    public abstract void Score(ReadOnlySpan<float> matrix, int rowCount, Span<double> scores);

    /// <summary>Writes the scorer's files into <paramref name="directory"/>; returns the scorer kind recorded in the manifest.</summary>
    public abstract string Save(string directory);

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases pooled engines.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
