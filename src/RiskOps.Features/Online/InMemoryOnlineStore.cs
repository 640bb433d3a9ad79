using System.Collections.Concurrent;

namespace RiskOps.Features.Online;

/// <summary>
/// The embedded online store: every view's latest rows in process memory, made durable by an
/// append-only log of changed rows (written at each <see cref="FlushAsync"/>) and a compact snapshot
/// (<see cref="CompactAsync"/>). Opening replays snapshot then log, so a restart serves at once.
/// </summary>
/// <remarks>
/// The file format is hand-written (<see cref="OnlineStoreFile"/>) because it is just the store's own
/// arrays: it loads half a million entities in about a second without an engine in between.
/// </remarks>
public sealed class InMemoryOnlineStore : IOnlineStore
{
    private readonly ConcurrentDictionary<string, OnlineViewTable> _tables = new(StringComparer.Ordinal);
    private readonly string? _directory;
    private readonly Lock _logLock = new();
    private readonly MemoryStream _pending = new();

    /// <summary>Opens the store, loading its snapshot and log from <paramref name="directory"/> if given (null: memory only).</summary>
    public InMemoryOnlineStore(string? directory)
    {
        _directory = directory;
        if (directory is null)
        {
            return;
        }
        Directory.CreateDirectory(directory);
        foreach (var file in new[] { SnapshotPath, LogPath })
        {
            if (File.Exists(file))
            {
                using var stream = File.OpenRead(file);
                OnlineStoreFile.ReadBlocks(stream, this);
            }
        }
    }

    private string SnapshotPath => Path.Combine(_directory!, "snapshot.bin");

    private string LogPath => Path.Combine(_directory!, "log.bin");

    /// <inheritdoc/>
    public void EnsureView(OnlineViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _tables.AddOrUpdate(schema.View, _ => new OnlineViewTable(schema), (_, existing) =>
        {
            if (existing.Schema.SameLayout(schema))
            {
                return existing;
            }
            existing.Retired = true;
            return new OnlineViewTable(schema);
        });
    }

    /// <inheritdoc/>
    public int Write(OnlineWriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var changed = Apply(batch);
        if (_directory is not null && changed.Count > 0)
        {
            lock (_logLock)
            {
                OnlineStoreFile.WriteBlock(_pending, batch.Schema, changed.Count, i =>
                {
                    var r = changed[i];
                    return (batch.Keys[r], batch.EventTicks[r], batch.CreatedTicks[r],
                        batch.Numeric.AsMemory(r * batch.Schema.NumericFeatures.Count, batch.Schema.NumericFeatures.Count),
                        batch.Categorical.AsMemory(r * batch.Schema.CategoricalFeatures.Count, batch.Schema.CategoricalFeatures.Count));
                });
            }
        }
        return changed.Count;
    }

    /// <inheritdoc/>
    public IOnlineReader CreateReader(IReadOnlyList<OnlineViewSelection> selections)
    {
        ArgumentNullException.ThrowIfNull(selections);
        return new InMemoryOnlineReader(this, selections);
    }

    /// <inheritdoc/>
    public OnlineViewInfo? GetViewInfo(string view)
    {
        if (!_tables.TryGetValue(view, out var table))
        {
            return null;
        }
        table.Lock.EnterReadLock();
        try
        {
            return new OnlineViewInfo(view, table.Count, table.Count == 0 ? null : new DateTimeOffset(table.MaxEventTicks, TimeSpan.Zero));
        }
        finally
        {
            table.Lock.ExitReadLock();
        }
    }

    /// <inheritdoc/>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_directory is null)
        {
            return;
        }
        byte[] bytes;
        lock (_logLock)
        {
            bytes = _pending.ToArray();
            _pending.SetLength(0);
        }
        if (bytes.Length == 0)
        {
            return;
        }
        await using var log = new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        await log.WriteAsync(bytes, cancellationToken);
        await log.FlushAsync(cancellationToken);
        log.Flush(flushToDisk: true);
    }

    /// <inheritdoc/>
    public async Task CompactAsync(CancellationToken cancellationToken)
    {
        if (_directory is null)
        {
            return;
        }
        await FlushAsync(cancellationToken);
        var temp = SnapshotPath + ".tmp";
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            foreach (var table in _tables.Values)
            {
                cancellationToken.ThrowIfCancellationRequested();
                table.Lock.EnterReadLock();
                try
                {
                    var rows = table.Rows().ToList();
                    OnlineStoreFile.WriteBlock(stream, table.Schema, rows.Count, i =>
                    {
                        var slot = rows[i].Slot;
                        var numeric = new double[table.NumericCount];
                        var categorical = new string?[table.CategoricalCount];
                        for (var c = 0; c < numeric.Length; c++)
                        {
                            numeric[c] = table.NumericAt(slot, c);
                        }
                        for (var c = 0; c < categorical.Length; c++)
                        {
                            categorical[c] = table.CategoricalAt(slot, c);
                        }
                        return (rows[i].Key, table.EventAt(slot), table.CreatedAt(slot), numeric, categorical);
                    });
                }
                finally
                {
                    table.Lock.ExitReadLock();
                }
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, SnapshotPath, overwrite: true);
        File.Delete(LogPath);
    }

    public void Dispose()
    {
        _pending.Dispose();
        foreach (var table in _tables.Values)
        {
            table.Lock.Dispose();
        }
    }

    internal OnlineViewTable Table(string view) =>
        _tables.TryGetValue(view, out var table)
            ? table
            : throw new FeatureStoreException($"view '{view}' is not in the online store; materialize it first (known: {string.Join(", ", _tables.Keys.Order(StringComparer.Ordinal))})");

    /// <summary>Applies rows without logging them (used by the loader and by <see cref="Write"/>).</summary>
    internal List<int> Apply(OnlineWriteBatch batch)
    {
        EnsureView(batch.Schema);
        var table = _tables[batch.Schema.View];
        if (!table.Schema.SameLayout(batch.Schema))
        {
            throw new InvalidOperationException($"batch layout does not match online view '{batch.Schema.View}'");
        }
        var changed = new List<int>();
        var nNum = table.NumericCount;
        var nCat = table.CategoricalCount;
        table.Lock.EnterWriteLock();
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (table.Upsert(batch.Keys[i], batch.EventTicks[i], batch.CreatedTicks[i],
                    batch.Numeric.AsSpan(i * nNum, nNum), batch.Categorical.AsSpan(i * nCat, nCat)))
                {
                    changed.Add(i);
                }
            }
        }
        finally
        {
            table.Lock.ExitWriteLock();
        }
        return changed;
    }
}
