using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using RiskOps.Api.Demand;
using RiskOps.Api.Seams;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Features;
using RiskOps.Features.Online;

namespace RiskOps.Api.Adapters;

/// <summary>
/// <see cref="IFeatureSource"/> onto the embedded feature store: online reads through a compiled reader per
/// feature service, the offline store's latest values as the fallback tier, and the gold <c>customers</c>
/// dimension as the population for nightly re-scoring (the online store does not enumerate its keys).
/// </summary>
internal sealed class FeatureStoreSource(DataLayout layout, GoldData gold, TimeProvider time) : IFeatureSource, IDisposable
{
    private readonly Lazy<FeatureStore> _store = new(() => FeatureStore.Open(layout, time), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly ConcurrentDictionary<string, OnlineFeatureReader> _readers = new(StringComparer.Ordinal);

    private OnlineFeatureReader Reader(string service) => _readers.GetOrAdd(service, s => _store.Value.GetOnlineReader(s));

    public ValueTask<EntityFeatures?> GetOnlineAsync(string featureService, string entityId, CancellationToken cancellationToken)
    {
        var reader = Reader(featureService);
        var vector = reader.Read(entityId);
        if (vector.Status.All(s => s == FeatureStatus.Missing))
        {
            return ValueTask.FromResult<EntityFeatures?>(null);
        }

        var values = new Dictionary<string, object?>(vector.Features.Count, StringComparer.Ordinal);
        long newest = 0;
        for (var i = 0; i < vector.Features.Count; i++)
        {
            values[vector.Features[i].Name] = vector.Value(i) ?? Missing(vector.Features[i]);
            newest = Math.Max(newest, vector.EventTicks[i]);
        }

        return ValueTask.FromResult<EntityFeatures?>(new EntityFeatures(entityId, values, AsOf(newest)));
    }

    public async ValueTask<EntityFeatures?> GetOfflineAsync(string featureService, string entityId, CancellationToken cancellationToken)
    {
        var batch = await _store.Value.ReadOfflineLatestAsync(featureService, [entityId], cancellationToken);
        return ToEntity(batch, 0);
    }

    public async IAsyncEnumerable<IReadOnlyList<EntityFeatures>> ReadAllOnlineAsync(string featureService, int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = Reader(featureService);
        var ids = await gold.GetCustomerIdsAsync(cancellationToken);
        for (var start = 0; start < ids.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = ids.Skip(start).Take(batchSize).ToList();
            var batch = reader.ReadBatch(chunk);
            var rows = new List<EntityFeatures>(chunk.Count);
            for (var r = 0; r < chunk.Count; r++)
            {
                if (ToEntity(batch, r) is { } row)
                {
                    rows.Add(row);
                }
            }

            yield return rows;
        }
    }

    public ValueTask<bool> IsOnlineAvailableAsync(CancellationToken cancellationToken)
    {
        try
        {
            return ValueTask.FromResult(_store.Value.Registry.ListViews().Any(v => v.Online));
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or RiskOps.Core.Errors.RiskOpsException)
        {
            return ValueTask.FromResult(false);
        }
    }

    private static EntityFeatures? ToEntity(OnlineFeatureBatch batch, int row)
    {
        var n = batch.Features.Count;
        var values = new Dictionary<string, object?>(n, StringComparer.Ordinal);
        long newest = 0;
        var any = false;
        for (var f = 0; f < n; f++)
        {
            var cell = (row * n) + f;
            any |= batch.Status[cell] != FeatureStatus.Missing;
            values[batch.Features[f].Name] = batch.Value(row, f) ?? Missing(batch.Features[f]);
            newest = Math.Max(newest, batch.EventTicks[cell]);
        }

        return any ? new EntityFeatures(batch.EntityIds[row], values, AsOf(newest)) : null;
    }

    private static object? Missing(FeatureRef feature) => feature.Kind == FeatureKind.Numeric ? double.NaN : null;

    private static DateTimeOffset? AsOf(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    public void Dispose()
    {
        if (_store.IsValueCreated)
        {
            _store.Value.Dispose();
        }
    }
}
