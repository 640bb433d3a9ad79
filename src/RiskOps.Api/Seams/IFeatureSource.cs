namespace RiskOps.Api.Seams;

/// <summary>
/// Where serving reads an entity's features for a feature service. Declared here (the part that uses it);
/// the feature store's online and offline stores sit behind it.
/// </summary>
public interface IFeatureSource
{
    /// <summary>Latest online features of one entity; <c>null</c> if the entity is unknown. Throws if the online store is unavailable.</summary>
    ValueTask<EntityFeatures?> GetOnlineAsync(string featureService, string entityId, CancellationToken cancellationToken);

    /// <summary>Latest features of one entity from the offline store (the fallback tier); <c>null</c> if unknown.</summary>
    ValueTask<EntityFeatures?> GetOfflineAsync(string featureService, string entityId, CancellationToken cancellationToken);

    /// <summary>Every entity's online features in batches, for nightly re-scoring.</summary>
    IAsyncEnumerable<IReadOnlyList<EntityFeatures>> ReadAllOnlineAsync(string featureService, int batchSize, CancellationToken cancellationToken);

    /// <summary>Whether the online store answers (readiness).</summary>
    ValueTask<bool> IsOnlineAvailableAsync(CancellationToken cancellationToken);
}
