using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;
using RiskOps.Api.Adapters;
using RiskOps.Api.Claims;
using RiskOps.Api.Demand;
using RiskOps.Api.Errors;
using RiskOps.Api.Jobs;
using RiskOps.Api.Logging;
using RiskOps.Api.Models;
using RiskOps.Api.Observability;
using RiskOps.Api.Pricing;
using RiskOps.Api.Risk;
using RiskOps.Api.Seams;
using RiskOps.Core.Storage;

namespace RiskOps.Api.Hosting;

/// <summary>DI registration of the serving core; the seams get defaults only if nothing else registered them.</summary>
internal static class ServingServiceCollectionExtensions
{
    public static IServiceCollection AddServing(this IServiceCollection services)
    {
        services.AddOptions<ServingOptions>().BindConfiguration(ServingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => DataLayout.Open(sp.GetRequiredService<IOptions<ServingOptions>>().Value.DataDir));

        services.AddSingleton<ServingMetrics>();
        services.AddSingleton<LayoutCache>();
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton(sp => new RiskCache(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ServingMetrics>(),
            sp.GetRequiredService<IOptions<ServingOptions>>()));
        services.AddSingleton<RiskCacheSnapshotStore>();
        services.AddSingleton<PredictionLog>();
        services.AddSingleton<RiskScorer>();
        services.AddSingleton<CustomerRiskFastPath>();
        services.AddSingleton<ClaimScorer>();
        services.AddSingleton<SurgeGridHolder>();
        services.AddSingleton<SurgeGridStore>();
        services.AddSingleton<DemandService>();
        services.AddSingleton<PricingStore>();
        services.AddSingleton(sp => new RiskRescoringJob(sp.GetRequiredService<ModelCatalog>(), sp.GetRequiredService<IFeatureSource>(),
            sp.GetRequiredService<RiskCache>(), sp.GetRequiredService<RiskCacheSnapshotStore>(), sp.GetRequiredService<LayoutCache>(),
            sp.GetRequiredService<ServingMetrics>(), sp.GetRequiredService<IOptions<ServingOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SurgeGridJob(sp.GetRequiredService<IDemandForecaster>(), sp.GetRequiredService<SurgeGridStore>(),
            sp.GetRequiredService<SurgeGridHolder>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ServingRefreshService>();
        services.AddHostedService(sp => sp.GetRequiredService<ServingRefreshService>());
        services.AddHostedService<PredictionLogWriterService>();

        services.AddExceptionHandler<ServingExceptionHandler>();
        services.AddHealthChecks().AddServingChecks();

        services.AddQuartz();
        services.AddHostedService<JobScheduleService>();
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = false);
        return services;
    }

    /// <summary>Defaults for the seams nobody replaced: clear 503s instead of silent empty answers.</summary>
    public static IServiceCollection AddServingSeamDefaults(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(IFeatureSource)))
        {
            // The embedded feature store: serving reads it, and the nightly job materializes into the same instance.
            services.AddSingleton<FeatureStoreSource>();
            services.AddSingleton<IFeatureSource>(sp => sp.GetRequiredService<FeatureStoreSource>());
            services.AddSingleton<IScheduledStep, MaterializeStep>();
        }

        services.TryAddSingleton<IModelSource>(sp => new RegistryModelSource(sp.GetRequiredService<DataLayout>(), ArtifactLoader.Load));
        services.TryAddSingleton<GoldData>();
        // The Production demand model scores the grid; with none in Production it falls back to GoldData's seasonal forecast.
        services.TryAddSingleton<ModelDemandForecaster>();
        services.TryAddSingleton<IDemandForecaster>(sp => sp.GetRequiredService<ModelDemandForecaster>());
        services.TryAddSingleton<IReferenceData>(sp => sp.GetRequiredService<GoldData>());
        return services;
    }
}
