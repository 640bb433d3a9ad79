using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RiskOps.Api.Demand;
using RiskOps.Api.Hosting;
using RiskOps.Api.Models;
using RiskOps.Api.Pricing;
using RiskOps.Api.Seams;

namespace RiskOps.Api.Observability;

/// <summary>Readiness checks: models loaded, feature and pricing stores answering, surge grid fresh.</summary>
internal static class ServingHealthChecks
{
    public static IHealthChecksBuilder AddServingChecks(this IHealthChecksBuilder checks) => checks
        .AddCheck<ModelHealthCheck>("models", tags: ["ready"])
        .AddCheck<FeatureStoreHealthCheck>("feature-store", tags: ["ready"])
        .AddCheck<PricingStoreHealthCheck>("pricing-store", tags: ["ready"])
        .AddCheck<SurgeGridHealthCheck>("surge-grid", tags: ["ready"]);

    internal sealed class ModelHealthCheck(ModelCatalog catalog, IOptions<ServingOptions> options) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var states = catalog.Describe();
            var data = states.ToDictionary(s => $"{s.Model}/{s.Variant}", s => (object)(s.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"));
            var risk = catalog.ChampionVersion(options.Value.RiskModel);
            if (risk is null)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"No Production version of '{options.Value.RiskModel}' is loaded.", data: data));
            }

            var failed = states.FirstOrDefault(s => s.FailedVersion is not null);
            if (catalog.ChampionVersion(options.Value.ClaimModel) is null || failed is not null)
            {
                var why = failed is not null ? $"{failed.Model} v{failed.FailedVersion} failed to load; serving v{failed.Version}" : $"No '{options.Value.ClaimModel}' model loaded";
                return Task.FromResult(HealthCheckResult.Degraded(why, data: data));
            }

            return Task.FromResult(HealthCheckResult.Healthy("Models loaded.", data));
        }
    }

    internal sealed class FeatureStoreHealthCheck(IFeatureSource features) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                return await features.IsOnlineAvailableAsync(cancellationToken)
                    ? HealthCheckResult.Healthy("Online store answers.")
                    : HealthCheckResult.Degraded("Online store unavailable: serving from the offline store.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Degraded("Online store unavailable: serving from the offline store.", ex);
            }
        }
    }

    internal sealed class PricingStoreHealthCheck(PricingStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await store.PingAsync(cancellationToken);
                return HealthCheckResult.Healthy("Pricing store answers.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("Pricing store unavailable.", ex);
            }
        }
    }

    internal sealed class SurgeGridHealthCheck(SurgeGridHolder holder) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var age = holder.Age;
            var data = new Dictionary<string, object> { ["age_seconds"] = age?.TotalSeconds ?? -1, ["forecaster"] = holder.Current?.Forecaster ?? "none" };
            return Task.FromResult(age is null
                ? HealthCheckResult.Degraded("No surge grid computed yet.", data: data)
                : holder.IsStale
                    ? HealthCheckResult.Degraded($"Surge grid is stale ({age.Value.TotalMinutes:0} min old).", data: data)
                    : HealthCheckResult.Healthy("Surge grid fresh.", data));
        }
    }
}
