using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RiskOps.Api.Risk;
using RiskOps.Core.Modeling;
using RiskOps.Features;
using RiskOps.Features.Synthetic;

namespace RiskOps.Api.Tests;

/// <summary>The service over the real embedded feature store (materialized from synthetic gold) and the real registry.</summary>
public sealed class FeatureStoreEndToEndTests
{
    private const int Customers = 120;
    private const int Days = 10;

    [Fact]
    public async Task CustomerRisk_ReadsMaterializedOnlineFeatures_AndRescoresWholePopulation()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = SyntheticGold.Start.AddDays(Days).AddHours(6);
        IReadOnlyList<FeatureRef> served = [];
        await using var app = await ServingApp.CreateAsync(models: false, now: now, prepareWorld: async layout =>
        {
            await SyntheticGold.WriteAsync(layout, Customers, Days, bays: 4, ct);
            using var store = FeatureStore.Open(layout, new FakeTimeProvider(now));
            await store.ApplyBuiltInsAsync(ct);
            await store.MaterializeAsync(SyntheticGold.Start, now, null, ct);
            served = store.GetOnlineReader("crai").Features;
        });

        var numeric = served.Where(f => f.Kind == FeatureKind.Numeric).Take(3).ToList();
        Assert.Equal(3, numeric.Count);
        var weights = numeric.Select((f, i) => (f.Name, Weight: 0.01 * (i + 1))).ToDictionary(x => x.Name, x => x.Weight);
        await app.RegisterAsync(ServingApp.RiskModel, -0.5, weights, promote: true, signature: served);
        await app.RegisterAsync(ServingApp.ClaimModel, -2.0, ServingApp.ClaimWeights, promote: true);
        using var client = await app.ClientAsync();

        // Oracle: the logit recomputed from an independent read of the same online store.
        using var check = FeatureStore.Open(app.Layout, new FakeTimeProvider(now));
        var vector = check.GetOnlineReader("crai").Read("C0000007");
        var z = -0.5;
        foreach (var (name, weight) in weights)
        {
            var index = served.ToList().FindIndex(f => f.Name == name);
            z += vector.Value(index) is double d && double.IsFinite(d) ? weight * d : 0;
        }

        var response = await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C0000007" }, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ServingApp.JsonAsync(response);
        Assert.Equal(LogisticPredictor.Sigmoid(z), body.GetProperty("risk_score").GetDouble(), 12);
        Assert.Equal(served.Count, body.GetProperty("features_used").EnumerateObject().Count());

        Assert.Equal(HttpStatusCode.NotFound,
            (await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C9999999" }, ct)).StatusCode);

        var report = await app.Services.GetRequiredService<RiskRescoringJob>().RunAsync(null, ct);
        Assert.Equal(Customers, report.Customers);
        var hit = await ServingApp.JsonAsync(await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C0000042" }, ct));
        Assert.True(hit.GetProperty("cache_hit").GetBoolean());
    }
}
