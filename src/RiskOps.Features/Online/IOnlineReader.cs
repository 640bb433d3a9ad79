namespace RiskOps.Features.Online;

/// <summary>
/// A compiled read of a fixed feature list (built once per feature service), so a read does only
/// key lookups and array copies: no per-read dictionaries or name resolution.
/// </summary>
public interface IOnlineReader
{
    /// <summary>Number of features one read fills.</summary>
    int FeatureCount { get; }

    /// <summary>
    /// Reads one entity's features into the spans (each of length <see cref="FeatureCount"/>).
    /// Missing or expired features get NaN / null values and their status; <paramref name="eventTicks"/>
    /// gets each feature's event timestamp (0 when missing), from which freshness follows.
    /// </summary>
    void Read(ReadOnlySpan<string> keys, long nowUtcTicks, Span<double> numeric, Span<string?> categorical, Span<FeatureStatus> status, Span<long> eventTicks);
}
