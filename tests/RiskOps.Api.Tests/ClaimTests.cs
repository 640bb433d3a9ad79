using System.Net;
using System.Text;

namespace RiskOps.Api.Tests;

public sealed class ClaimTests
{
    // Claim() in BadInputTests: 1200.5 EUR, "urgent, paid cash, no witnesses" (3 flags), incident 2026-05-20 22:30 +02:00, reported 34.5 h later.
    private static double Oracle(double amount) => LogisticPredictor.Sigmoid(-2.0 + (0.0005 * amount) + (1.0 * 3) + (0.01 * 34.5));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Claim_ScoredFromClaimFeatures_HighRiskGoesToReview()
    {
        await using var app = await ServingApp.CreateAsync(customers: 3);
        using var client = await app.ClientAsync();
        var response = await client.PostAsync("/api/v1/predict/claim", Json(BadInputTests.Claim()), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ServingApp.JsonAsync(response);
        var expected = Oracle(1200.5);
        Assert.Equal(expected, body.GetProperty("score").GetDouble(), 6);
        Assert.Equal("high", body.GetProperty("risk_level").GetString());
        Assert.Equal("manual_review", body.GetProperty("decision").GetString());
        Assert.Equal((expected - 0.5) / 0.5, body.GetProperty("confidence").GetDouble(), 6);
        Assert.Equal("description_flag_words", body.GetProperty("risk_factors")[0].GetProperty("feature").GetString());
        Assert.Equal("claims_triage", body.GetProperty("model").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ClaimBatch_MatchesSingleScoringInRequestOrder()
    {
        await using var app = await ServingApp.CreateAsync(customers: 3);
        using var client = await app.ClientAsync();
        var ct = TestContext.Current.CancellationToken;
        var amounts = new[] { 10.0, 5000, 250, 99_999 };
        var claims = amounts.Select((a, i) => BadInputTests.Claim(id: $"\"K{i}\"", amount: a.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var batch = await ServingApp.JsonAsync(await client.PostAsync("/api/v1/predict/claim/batch", Json("{\"claims\": [" + string.Join(",", claims) + "]}"), ct));
        Assert.Equal(amounts.Length, batch.GetProperty("count").GetInt32());
        var results = batch.GetProperty("results");
        for (var i = 0; i < amounts.Length; i++)
        {
            Assert.Equal($"K{i}", results[i].GetProperty("claim_id").GetString());
            Assert.Equal(Oracle(amounts[i]), results[i].GetProperty("score").GetDouble(), 6);
        }
    }

    [Fact]
    public async Task Claim_UsesCustomerOnlineFeaturesWhenTheModelAsksForThem()
    {
        await using var app = await ServingApp.CreateAsync(customers: 3);
        var weights = new Dictionary<string, double>(ServingApp.ClaimWeights) { ["harsh_brake_per_100km_30d"] = 0.2 };
        await app.RegisterAsync(ServingApp.ClaimModel, -2.0, weights, promote: true);
        using var client = await app.ClientAsync();
        var body = await ServingApp.JsonAsync(await client.PostAsync("/api/v1/predict/claim", Json(BadInputTests.Claim()), TestContext.Current.CancellationToken));
        Assert.Equal(2, body.GetProperty("model").GetProperty("version").GetInt32());
        // Customer C000001 has 1 harsh brake per 100 km (i % 4).
        Assert.Equal(LogisticPredictor.Sigmoid(-2.0 + (0.0005 * 1200.5) + 3 + (0.01 * 34.5) + (0.2 * 1)), body.GetProperty("score").GetDouble(), 6);
    }
}
