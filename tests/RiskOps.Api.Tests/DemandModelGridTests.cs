using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RiskOps.Api.Demand;
using RiskOps.Core.Modeling;
using RiskOps.Features;
using RiskOps.Features.Definitions;
using RiskOps.Features.Synthetic;
using RiskOps.Models.Artifacts;
using RiskOps.Models.Encoding;
using RiskOps.Models.Scoring;
using RiskOps.Registry;
using RiskOps.Registry.Promotion;

namespace RiskOps.Api.Tests;

/// <summary>The surge grid scores the Production demand model over the real feature store, and falls back to the seasonal forecast without one.</summary>
public sealed class DemandModelGridTests
{
    private const int Days = 10;

    private static readonly Dictionary<string, double> s_weights = new()
    {
        ["qod_mean_28d"] = 1.0,
        ["profile_mean_91d"] = 0.75,
        ["bay_mean_28d"] = 0.5,
        ["target_is_weekend"] = 0.25,
        ["horizon_buckets"] = 0.001,
        ["target_event_distance_km"] = 0.01,
    };

    // A bucket with no announced event near the bay has no bay_events_ahead row: serving must read it as "no event"
    // (the main event far away), as training does — not as a missing value the model fills with its training median (0 here).
    private static readonly Dictionary<string, double> s_noEvent = new() { ["target_event_distance_km"] = 10 };

    [Fact]
    public async Task SurgeGrid_UsesTheProductionDemandModel_AndFallsBackWithoutOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = SyntheticGold.Start.AddDays(Days).AddMinutes(7);
        IReadOnlyList<FeatureRef> served = [];
        await using var app = await ServingApp.CreateAsync(now: now, prepareWorld: async layout =>
        {
            await SyntheticGold.WriteAsync(layout, customers: 20, Days, bays: 4, ct);
            using var store = FeatureStore.Open(layout, new FakeTimeProvider(now));
            await store.ApplyBuiltInsAsync(ct);
            await store.MaterializeAsync(SyntheticGold.Start, now, null, ct);
            served = store.GetOnlineReader("demand").Features;
        });
        var job = app.Services.GetRequiredService<SurgeGridJob>();

        // No demand model in Production: the seasonal forecaster answers, and says so.
        var fallback = await job.RunAsync(null, ct);
        Assert.Equal(ModelDemandForecaster.SeasonalSource, fallback.Forecaster);
        Assert.Equal(4, fallback.Bays);

        var version = await RegisterDemandModelAsync(app, [.. served, .. DemandTargets.RequestFeatures.Select(f => new FeatureRef(f, FeatureKind.Numeric))], ct);
        var report = await job.RunAsync(null, ct);

        Assert.Equal($"demand v{version}", report.Forecaster);
        var grid = app.Services.GetRequiredService<SurgeGridHolder>().Current!;
        Assert.Equal(report.Forecaster, grid.Forecaster);
        Assert.Equal(4 * 96, grid.Bays.Values.Sum(b => b.Cells.Length));

        // Oracle: the linear model recomputed from an independent read of the online store and the request inputs.
        using var check = FeatureStore.Open(app.Layout, new FakeTimeProvider(now));
        var reader = check.GetOnlineReader("demand");
        var vector = reader.CreateVector();
        var forecast = DemandTargets.FloorToBucket(now.UtcDateTime);
        var bay = new DemandBay("B00002", 0, 6, DemandBay.ParsePois("station;mall")); // SyntheticGold: capacity 4 + b % 20, every city on UTC
        foreach (var horizon in new[] { 0, 1, 37, 95 })
        {
            var target = forecast + (DemandTargets.Bucket * horizon);
            reader.Read([.. reader.Service.JoinKeys.Select(k => DemandTargets.Key(k, bay, target))], vector);
            var request = DemandTargets.RequestFeatures.Zip(DemandTargets.RequestValues(bay, forecast, target)).ToDictionary(x => x.First, x => x.Second);
            var expected = 0.05;
            foreach (var (name, weight) in s_weights)
            {
                var value = request.TryGetValue(name, out var r) ? r
                    : vector.Value(served.ToList().FindIndex(f => f.Name == name)) is { } read ? (double)read : s_noEvent[name];
                expected += weight * value;
            }

            var cell = grid.Bays[bay.BayId].Cells[horizon];
            Assert.Equal(expected, cell.ExpectedBookings, 5);
            // The surge baseline is the model's typical level input.
            Assert.Equal((double)vector.Value(served.ToList().FindIndex(f => f.Name == "bay_mean_28d"))!, cell.BaselineBookings, 9);
        }

        using var client = await app.ClientAsync();
        var body = await ServingApp.JsonAsync(await client.PostAsJsonAsync("/api/v1/predict/demand", new { parking_bay_id = "B00002" }, ct));
        Assert.Equal($"demand v{version}", body.GetProperty("forecaster").GetString());
        var ready = await ServingApp.JsonAsync(await client.GetAsync("/health/ready", ct));
        Assert.Equal($"demand v{version}", ready.GetProperty("checks").GetProperty("surge-grid").GetProperty("data").GetProperty("forecaster").GetString());
    }

    /// <summary>A real gaussian GLM artifact on the demand signature: expected = 0.05 + Σ weight × input.</summary>
    private static async Task<int> RegisterDemandModelAsync(ServingApp app, IReadOnlyList<FeatureRef> inputs, CancellationToken ct)
    {
        var directory = Path.Combine(app.Root, "runs", "demand-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var manifest = new ModelManifest("demand", "glm", new ModelSignature(ModelTask.Regression, inputs, "demand", 1),
            new TrainingDataReference(["parking_bay_demand_history"], SyntheticGold.Start, 1000), "test",
            new Dictionary<string, string>(), new Dictionary<string, double> { ["rmse"] = 0.3 }, "rmse", false);
        var encoder = new FeatureEncoder(inputs, new Dictionary<string, IReadOnlyList<string>>());
        var coefficients = new double[encoder.Width];
        for (var i = 0; i < inputs.Count; i++)
        {
            if (s_weights.TryGetValue(inputs[i].Name, out var w))
            {
                coefficients[encoder.SlotStart[i]] = w;
            }
        }

        ModelArtifact.Save(directory, manifest, encoder, new GlmScorer(new GlmCoefficients("gaussian", 0.05, coefficients, new double[encoder.Width], 1, true)),
            new ModelOutput(ModelTask.Regression, null, new Dictionary<string, double>(), new Dictionary<string, string?>(), null));
        var version = await app.Registry.RegisterAsync(new RegistrationRequest(directory, Actor: "test"), ct);
        await app.Registry.PromoteAsync("demand", version.Version, new PromotionRequest(Force: true, Reason: "test", Actor: "test"), ct);
        return version.Version;
    }
}
