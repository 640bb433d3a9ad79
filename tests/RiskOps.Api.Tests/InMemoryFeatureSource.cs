using System.Runtime.CompilerServices;
using RiskOps.Api.Seams;

namespace RiskOps.Api.Tests;

/// <summary>
/// A real in-process feature source: online and offline tiers held in dictionaries. <see cref="OnlineDown"/>
/// makes the online tier fail like an unreachable store, to exercise the offline fallback.
/// </summary>
internal sealed class InMemoryFeatureSource : IFeatureSource
{
    public Dictionary<string, EntityFeatures> Online { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EntityFeatures> Offline { get; } = new(StringComparer.Ordinal);

    public bool OnlineDown { get; set; }

    public int OnlineReads;

    public ValueTask<EntityFeatures?> GetOnlineAsync(string featureService, string entityId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref OnlineReads);
        if (OnlineDown)
        {
            throw new IOException("online store unreachable");
        }

        return ValueTask.FromResult(Online.GetValueOrDefault(entityId));
    }

    public ValueTask<EntityFeatures?> GetOfflineAsync(string featureService, string entityId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Offline.GetValueOrDefault(entityId));

    public async IAsyncEnumerable<IReadOnlyList<EntityFeatures>> ReadAllOnlineAsync(string featureService, int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var chunk in Online.Values.OrderBy(e => e.EntityId, StringComparer.Ordinal).Chunk(batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return chunk;
        }
    }

    public ValueTask<bool> IsOnlineAvailableAsync(CancellationToken cancellationToken) => ValueTask.FromResult(!OnlineDown);

    public void Add(string customerId, double speeding, double harshBrakes, string region)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["speeding_share_30d"] = speeding,
            ["harsh_brake_per_100km_30d"] = harshBrakes,
            ["region"] = region,
        };
        Online[customerId] = new EntityFeatures(customerId, values, DateTimeOffset.UnixEpoch);
        Offline[customerId] = new EntityFeatures(customerId, values, DateTimeOffset.UnixEpoch);
    }
}
