using RiskOps.Core.Modeling;
using RiskOps.Features.Registry;

namespace RiskOps.Features.Online;

/// <summary>
/// Serving's handle on one feature service version: reads one entity (allocation-free with a
/// reused <see cref="OnlineFeatureVector"/>) or a batch. Thread-safe; keep one per service.
/// </summary>
public sealed class OnlineFeatureReader
{
    private readonly IOnlineReader _reader;
    private readonly TimeProvider _time;

    internal OnlineFeatureReader(RegisteredFeatureService service, IOnlineReader reader, TimeProvider time)
    {
        Service = service;
        _reader = reader;
        _time = time;
    }

    /// <summary>The service read.</summary>
    public RegisteredFeatureService Service { get; }

    /// <summary>The served features, in order.</summary>
    public IReadOnlyList<FeatureRef> Features => Service.Features;

    /// <summary>A vector to reuse across reads.</summary>
    public OnlineFeatureVector CreateVector() => new(Service.Features);

    /// <summary>Reads the features of the entity <paramref name="entityId"/> (single-key services) into <paramref name="into"/>.</summary>
    public void Read(string entityId, OnlineFeatureVector into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (Service.JoinKeys.Count != 1)
        {
            throw new FeatureStoreException($"service '{Service.Name}' needs keys {string.Join(", ", Service.JoinKeys)}");
        }
        Read(new ReadOnlySpan<string>(in entityId), into);
    }

    /// <summary>Reads with one key per <see cref="RegisteredFeatureService.JoinKeys"/>, in that order.</summary>
    public void Read(ReadOnlySpan<string> keys, OnlineFeatureVector into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (keys.Length != Service.JoinKeys.Count)
        {
            throw new FeatureStoreException($"service '{Service.Name}' needs keys {string.Join(", ", Service.JoinKeys)}");
        }
        var now = _time.GetUtcNow();
        into.ReadAt = now;
        into.Source = FeatureReadSource.Online;
        _reader.Read(keys, now.UtcTicks, into.Numeric, into.Categorical, into.Status, into.EventTicks);
    }

    /// <summary>Reads one entity into a new vector.</summary>
    public OnlineFeatureVector Read(string entityId)
    {
        var vector = CreateVector();
        Read(entityId, vector);
        return vector;
    }

    /// <summary>Reads many entities of a single-key service.</summary>
    public OnlineFeatureBatch ReadBatch(IReadOnlyList<string> entityIds)
    {
        ArgumentNullException.ThrowIfNull(entityIds);
        if (Service.JoinKeys.Count != 1)
        {
            throw new FeatureStoreException($"service '{Service.Name}' needs keys {string.Join(", ", Service.JoinKeys)}");
        }
        var batch = new OnlineFeatureBatch(Service.Features, entityIds);
        var now = _time.GetUtcNow();
        batch.ReadAt = now;
        batch.Source = FeatureReadSource.Online;
        var n = Service.Features.Count;
        for (var r = 0; r < entityIds.Count; r++)
        {
            var id = entityIds[r];
            _reader.Read(new ReadOnlySpan<string>(in id), now.UtcTicks,
                batch.Numeric.AsSpan(r * n, n), batch.Categorical.AsSpan(r * n, n), batch.Status.AsSpan(r * n, n), batch.EventTicks.AsSpan(r * n, n));
        }
        return batch;
    }
}
