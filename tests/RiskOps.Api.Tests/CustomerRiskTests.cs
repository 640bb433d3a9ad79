using System.Net;
using System.Net.Http.Json;
using RiskOps.Api.Risk;

namespace RiskOps.Api.Tests;

public sealed class CustomerRiskTests
{
    private static double Oracle(int i) =>
        LogisticPredictor.Sigmoid(-1.0 + (3.0 * ((i % 10) / 10.0)) + (0.5 * (i % 4)));

    [Fact]
    public async Task CustomerRisk_ScoresWithProductionModel_ThenServesFromCache()
    {
        await using var app = await ServingApp.CreateAsync();
        using var client = await app.ClientAsync();
        var ct = TestContext.Current.CancellationToken;

        var first = await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C000007" }, ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await ServingApp.JsonAsync(first);
        var expected = Oracle(7);
        Assert.Equal(expected, body.GetProperty("risk_score").GetDouble(), 12);
        Assert.Equal(RiskBands.Multiplier(expected), body.GetProperty("risk_multiplier").GetDouble(), 12);
        Assert.Equal(RiskBands.Band(expected), body.GetProperty("risk_band").GetString());
        Assert.Equal("crai", body.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(1, body.GetProperty("model").GetProperty("version").GetInt32());
        Assert.Equal("champion", body.GetProperty("variant").GetString());
        Assert.False(body.GetProperty("cache_hit").GetBoolean());
        Assert.False(body.GetProperty("degraded").GetBoolean());
        Assert.Equal(0.7, body.GetProperty("features_used").GetProperty("speeding_share_30d").GetDouble(), 12);
        Assert.Equal("south", body.GetProperty("features_used").GetProperty("region").GetString());
        var top = body.GetProperty("top_factors");
        Assert.Equal("speeding_share_30d", top[0].GetProperty("feature").GetString());
        Assert.Equal(2.1, top[0].GetProperty("contribution").GetDouble(), 12);

        var readsBefore = app.Features.OnlineReads;
        var second = await ServingApp.JsonAsync(await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C000007" }, ct));
        Assert.True(second.GetProperty("cache_hit").GetBoolean());
        Assert.Equal(expected, second.GetProperty("risk_score").GetDouble(), 12);
        Assert.Equal(readsBefore, app.Features.OnlineReads);
    }

    [Fact]
    public async Task CustomerRisk_CacheEntryExpiresAfterTtl()
    {
        await using var app = await ServingApp.CreateAsync();
        using var client = await app.ClientAsync();
        var ct = TestContext.Current.CancellationToken;
        await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C000003" }, ct);
        app.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var again = await ServingApp.JsonAsync(await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C000003" }, ct));
        Assert.False(again.GetProperty("cache_hit").GetBoolean());
    }

    [Fact]
    public async Task CustomerRisk_UnknownCustomer_Is404Problem()
    {
        await using var app = await ServingApp.CreateAsync();
        using var client = await app.ClientAsync();
        var response = await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C999999" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Unknown customer", (await ServingApp.JsonAsync(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task CustomerRisk_OnlineStoreDown_ServesOfflineFlaggedDegraded()
    {
        await using var app = await ServingApp.CreateAsync();
        using var client = await app.ClientAsync();
        var ct = TestContext.Current.CancellationToken;
        app.Features.OnlineDown = true;
        var body = await ServingApp.JsonAsync(await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C000012" }, ct));
        Assert.True(body.GetProperty("degraded").GetBoolean());
        Assert.Equal(Oracle(12), body.GetProperty("risk_score").GetDouble(), 12);

        // A degraded answer is not cached: once the online store is back, the next answer is fresh and not degraded.
        app.Features.OnlineDown = false;
        var recovered = await ServingApp.JsonAsync(await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C000012" }, ct));
        Assert.False(recovered.GetProperty("degraded").GetBoolean());
        Assert.False(recovered.GetProperty("cache_hit").GetBoolean());

        var ready = await ServingApp.JsonAsync(await client.GetAsync("/health/ready", ct));
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("feature-store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task CustomerRisk_NoProductionModel_Is503Problem()
    {
        await using var app = await ServingApp.CreateAsync(models: false);
        using var client = await app.ClientAsync();
        var ct = TestContext.Current.CancellationToken;
        var response = await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C000001" }, ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready", ct)).StatusCode);
    }
}
