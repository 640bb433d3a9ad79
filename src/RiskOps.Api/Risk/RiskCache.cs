using System.Collections.Concurrent;
using RiskOps.Api.Observability;

namespace RiskOps.Api.Risk;

/// <summary>In-process risk cache keyed by customer id; entries expire after the TTL and are refreshed by the nightly batch.</summary>
internal sealed class RiskCache
{
    private readonly ConcurrentDictionary<string, RiskCacheEntry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public RiskCache(TimeProvider time, ServingMetrics metrics)
    {
        _time = time;
        metrics.RiskCacheEntries = () => _entries.Count;
    }

    public int Count => _entries.Count;

    /// <summary>A live entry scored by the given model version and variant, if any.</summary>
    public bool TryGet(string customerId, int version, string variant, out RiskCacheEntry entry)
    {
        if (_entries.TryGetValue(customerId, out entry!)
            && entry.Version == version
            && entry.Variant == variant
            && entry.ExpiresAt > _time.GetUtcNow())
        {
            return true;
        }

        entry = null!;
        return false;
    }

    public void Set(RiskCacheEntry entry) => _entries[entry.CustomerId] = entry;

    public void Clear() => _entries.Clear();

    /// <summary>Drops expired entries; returns how many were dropped.</summary>
    public int Sweep()
    {
        var now = _time.GetUtcNow();
        var dropped = 0;
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now && _entries.TryRemove(new KeyValuePair<string, RiskCacheEntry>(key, entry)))
            {
                dropped++;
            }
        }

        return dropped;
    }

    public IEnumerable<RiskCacheEntry> Entries => _entries.Values;
}
