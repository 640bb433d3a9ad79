using System.Text.Json;
using Asp.Versioning;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using RiskOps.Api.Claims;
using RiskOps.Api.Demand;
using RiskOps.Api.Hosting;
using RiskOps.Api.Models;
using RiskOps.Api.Observability;
using RiskOps.Api.Pricing;
using RiskOps.Api.Risk;
using RiskOps.Core.Storage;
using Scalar.AspNetCore;

namespace RiskOps.Api;

/// <summary>Builds the inference and pricing service; the CLI (<c>riskops serve</c>, <c>riskops demo</c>) and Program.cs both start it here.</summary>
public static class RiskOpsApi
{
    /// <summary>
    /// Builds the web app (not started). <paramref name="layout"/> and <paramref name="urls"/> override configuration
    /// (<c>RiskOps:Serving:DataDir</c>, <c>--urls</c>); <paramref name="configureServices"/> runs after the defaults so
    /// it can replace any seam (feature source, model source, demand forecaster, scheduled steps).
    /// </summary>
    public static WebApplication Build(string[] args, DataLayout? layout = null, string? urls = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (urls is not null)
        {
            builder.WebHost.UseUrls(urls);
        }

        if (layout is not null)
        {
            builder.Configuration[$"{ServingOptions.Section}:{nameof(ServingOptions.DataDir)}"] = layout.Root;
        }

        var services = builder.Services;
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = null;
            // Numbers must be JSON numbers: "12" for an amount is a client bug worth a 400, not a silent coercion.
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        services.AddProblemDetails();
        // Binding failures throw so the exception handler can name the offending field instead of an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddApiVersioning(options =>
        {
            options.DefaultApiVersion = new ApiVersion(1, 0);
            options.ReportApiVersions = true;
            options.ApiVersionReader = new PathApiVersionReader("1", "1.0");
        });
        services.AddOpenApi("v1", options => options.AddDocumentTransformer<VersionedPathsTransformer>());
        // Per-request Information logs would cost more than a cached prediction; keep the framework at Warning.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // At any enabled level (even Critical) the host starts an Activity and a logging scope for every request so that
        // log lines carry trace ids: about 0.7 KB of garbage per request here. That category only logs per-request
        // lines and startup failures, which StartAsync throws to its caller anyway.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(ServingMetrics.MeterName)
            .AddPrometheusExporter());
        services.AddServing();
        configureServices?.Invoke(services);
        services.AddServingSeamDefaults();

        var app = builder.Build();
        app.UseExceptionHandler();
        if (app.Services.GetRequiredService<IOptions<ServingOptions>>().Value.CustomerRiskFastPath)
        {
            app.Use(app.Services.GetRequiredService<CustomerRiskFastPath>().Wrap);
        }

        // Explicit, so that the fast path above runs before routing (WebApplication otherwise puts routing first).
        app.UseRouting();
        app.UseStatusCodePages();

        var versioned = app.NewVersionedApi("RiskOps");
        var v1 = versioned.MapGroup("/api/v{version:apiVersion}").HasApiVersion(1.0);
        v1.MapRiskApi();
        v1.MapDemandApi();
        v1.MapPricingApi();
        v1.MapClaimApi();
        v1.MapModelsApi();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthResponse.WriteAsync,
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status200OK, [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        return app;
    }

    /// <summary>Runs the nightly re-scoring once against a built (not necessarily started) app.</summary>
    public static Task<RescoringReport> RescoreAsync(WebApplication app, IProgress<long>? progress, CancellationToken cancellationToken) =>
        app.Services.GetRequiredService<RiskRescoringJob>().RunAsync(progress, cancellationToken);

    /// <summary>Recomputes the surge grid once against a built (not necessarily started) app.</summary>
    public static Task<SurgeGridReport> ComputeSurgeGridAsync(WebApplication app, IProgress<string>? progress, CancellationToken cancellationToken) =>
        app.Services.GetRequiredService<SurgeGridJob>().RunAsync(progress, cancellationToken);
}
