using System.Net.Http.Json;
using RiskOps.Api.Models;
using RiskOps.Api.Seams;
using RiskOps.Core.Modeling;

namespace RiskOps.Api.Tests;

public sealed class ModelLifecycleTests
{
    [Fact]
    public async Task Promotion_HotSwapsWithoutRestart_AndBrokenVersionKeepsPrevious()
    {
        await using var app = await ServingApp.CreateAsync(customers: 10);
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.ClientAsync();
        var v1 = await ServingApp.JsonAsync(await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C000005" }, ct));
        Assert.Equal(1, v1.GetProperty("model").GetProperty("version").GetInt32());

        // v2 doubles the intercept shift: the cached v1 answer must not be served for v2.
        await app.RegisterAsync(ServingApp.RiskModel, 0.5, ServingApp.RiskWeights, promote: true);
        await app.RefreshAsync();
        var v2 = await ServingApp.JsonAsync(await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C000005" }, ct));
        Assert.Equal(2, v2.GetProperty("model").GetProperty("version").GetInt32());
        Assert.False(v2.GetProperty("cache_hit").GetBoolean());
        Assert.Equal(LogisticPredictor.Sigmoid(0.5 + (3.0 * 0.5) + (0.5 * 1)), v2.GetProperty("risk_score").GetDouble(), 12);
        Assert.True(app.Loaded[0].IsDisposed); // v1 released once nothing holds it

        await app.RegisterAsync(ServingApp.RiskModel, 0.0, ServingApp.RiskWeights, promote: true, broken: true);
        await app.RefreshAsync();
        var still = await ServingApp.JsonAsync(await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C000006" }, ct));
        Assert.Equal(2, still.GetProperty("model").GetProperty("version").GetInt32());

        var current = await ServingApp.JsonAsync(await client.GetAsync("/api/v1/models/current", ct));
        var crai = current.EnumerateArray().Single(m => m.GetProperty("model").GetString() == "crai" && m.GetProperty("variant").GetString() == "champion");
        Assert.Equal(2, crai.GetProperty("version").GetInt32());
        Assert.Equal(3, crai.GetProperty("failed_version").GetInt32());
        var ready = await ServingApp.JsonAsync(await client.GetAsync("/health/ready", ct));
        Assert.Equal("Degraded", ready.GetProperty("checks").GetProperty("models").GetProperty("status").GetString());
        Assert.Contains("riskops_model_load_failures", await client.GetStringAsync("/metrics", ct), StringComparison.Ordinal);
    }

    [Fact]
    public void ModelSlot_InFlightLeaseKeepsOldModelUntilReleased()
    {
        var manifest = new ModelManifest("m", "t", new ModelSignature(ModelTask.Binary, [new FeatureRef("x", FeatureKind.Numeric)], null, null),
            new TrainingDataReference(["t"], DateTimeOffset.UnixEpoch, 1), null, new Dictionary<string, string>(), new Dictionary<string, double> { ["auc"] = 1 }, "auc", true);
        var old = new LogisticPredictor(manifest, 0, new Dictionary<string, double> { ["x"] = 1 });
        var next = new LogisticPredictor(manifest, 1, new Dictionary<string, double> { ["x"] = 1 });
        var slot = new ModelSlot();
        slot.Swap(new LoadedModel(new ModelVersionInfo("m", 1, "/a"), old, DateTimeOffset.UnixEpoch));

        Assert.True(slot.TryAcquire(out var inFlight));
        slot.Swap(new LoadedModel(new ModelVersionInfo("m", 2, "/b"), next, DateTimeOffset.UnixEpoch));
        Assert.False(old.IsDisposed);
        Assert.Equal(0.5, inFlight.Predictor.Predict([new Dictionary<string, object?> { ["x"] = 0.0 }])[0].Value, 12); // still the old model
        Assert.True(slot.TryAcquire(out var fresh));
        Assert.Equal(2, fresh.Version.Version);
        inFlight.Release();
        Assert.True(old.IsDisposed);
        Assert.False(next.IsDisposed);
        fresh.Release();
        Assert.False(next.IsDisposed);
    }

    [Fact]
    public async Task Experiment_RoutesHashShareToChallenger_AndNamesVariant()
    {
        var settings = new Dictionary<string, string>
        {
            ["RiskOps:Serving:Experiments:0:Name"] = "crai-v2-test",
            ["RiskOps:Serving:Experiments:0:Model"] = "crai",
            ["RiskOps:Serving:Experiments:0:ChallengerVersion"] = "2",
            ["RiskOps:Serving:Experiments:0:Share"] = "0.5",
        };
        await using var app = await ServingApp.CreateAsync(settings, customers: 40);
        await app.RegisterAsync(ServingApp.RiskModel, 0.5, ServingApp.RiskWeights, promote: false);
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.ClientAsync();
        for (var i = 1; i <= 40; i++)
        {
            var id = ServingApp.CustomerId(i);
            var body = await ServingApp.JsonAsync(await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = id }, ct));
            var challenger = ExperimentRouter.IsChallenger("crai-v2-test", id, 0.5);
            Assert.Equal(challenger ? "challenger:crai-v2-test" : "champion", body.GetProperty("variant").GetString());
            Assert.Equal(challenger ? 2 : 1, body.GetProperty("model").GetProperty("version").GetInt32());
        }

        var current = await ServingApp.JsonAsync(await client.GetAsync("/api/v1/models/current", ct));
        Assert.Contains(current.EnumerateArray(), m => m.GetProperty("variant").GetString() == "challenger:crai-v2-test" && m.GetProperty("version").GetInt32() == 2);
    }
}
