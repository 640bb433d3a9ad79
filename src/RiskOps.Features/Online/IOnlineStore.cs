namespace RiskOps.Features.Online;

/// <summary>
/// The online store seam: latest value per entity per view. The embedded default is
/// <see cref="InMemoryOnlineStore"/> (in process, snapshot on disk); a Redis backend can implement
/// the same contract. Writes are upserts ordered by (event timestamp, created timestamp), so
/// re-running a materialization is a no-op and a same-event correction replaces the old value.
/// </summary>
public interface IOnlineStore : IDisposable
{
    /// <summary>Declares a view's layout; a changed layout drops the rows held under the old one.</summary>
    void EnsureView(OnlineViewSchema schema);

    /// <summary>Upserts rows; a row replaces the held one only if its (event, created) timestamps are later. Returns rows changed.</summary>
    int Write(OnlineWriteBatch batch);

    /// <summary>Compiles a reader for a fixed list of features.</summary>
    IOnlineReader CreateReader(IReadOnlyList<OnlineViewSelection> selections);

    /// <summary>What the store holds for a view, or null if the view is unknown to it.</summary>
    OnlineViewInfo? GetViewInfo(string view);

    /// <summary>Makes every write so far durable (a restart will serve it).</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Rewrites durable state compactly (for the embedded store: one snapshot, empty log).</summary>
    Task CompactAsync(CancellationToken cancellationToken);
}
