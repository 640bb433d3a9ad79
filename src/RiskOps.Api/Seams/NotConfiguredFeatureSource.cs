using RiskOps.Api.Errors;

namespace RiskOps.Api.Seams;

/// <summary>Used when no feature store is wired: every read is a clear 503 rather than a silent empty answer.</summary>
internal sealed class NotConfiguredFeatureSource : IFeatureSource
{
    private static ServingException Missing() => new(StatusCodes.Status503ServiceUnavailable, "Feature store not configured",
        "No feature store is configured for serving; run `riskops materialize` and start the service with the data directory holding it.");

    public ValueTask<EntityFeatures?> GetOnlineAsync(string featureService, string entityId, CancellationToken cancellationToken) => throw Missing();

    public ValueTask<EntityFeatures?> GetOfflineAsync(string featureService, string entityId, CancellationToken cancellationToken) => throw Missing();

    public IAsyncEnumerable<IReadOnlyList<EntityFeatures>> ReadAllOnlineAsync(string featureService, int batchSize, CancellationToken cancellationToken) => throw Missing();

    public ValueTask<bool> IsOnlineAvailableAsync(CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
