using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RiskOps.Api.Tests;

public sealed class ObservabilityTests(Shared shared) : IClassFixture<Shared>
{
    [Fact]
    public async Task OpenApi_ListsEveryV1Endpoint_AndDocsPageServes()
    {
        using var client = shared.App.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected =
        [
            "/api/v1/predict/customer-risk", "/api/v1/predict/demand", "/api/v1/price/quote", "/api/v1/price/outcome",
            "/api/v1/predict/claim", "/api/v1/predict/claim/batch", "/api/v1/models/current",
        ];
        Assert.All(expected, path => Assert.Contains(path, paths));
        // customer-risk writes its JSON by hand; the document still describes the 200 body as CustomerRiskResponse.
        var ok = document.GetProperty("paths").GetProperty("/api/v1/predict/customer-risk").GetProperty("post").GetProperty("responses")
            .GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Contains("CustomerRiskResponse", ok.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/v1", ct)).StatusCode);
    }

    [Fact]
    public async Task Metrics_ExposeServingInstrumentsInPrometheusFormat()
    {
        using var client = shared.App.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C000001" }, ct);
        await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C000001" }, ct);
        await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "nope!" }, ct);
        var text = await client.GetStringAsync("/metrics", ct);
        string[] names =
        [
            "http_server_request_duration_seconds_bucket", "riskops_predictions_total", "riskops_risk_cache_requests_total",
            "riskops_feature_fetch_duration_seconds_bucket", "riskops_inference_duration_seconds_bucket", "riskops_surge_grid_age_seconds",
        ];
        Assert.All(names, name => Assert.Contains(name, text, StringComparison.Ordinal));
        Assert.Contains("result=\"hit\"", text, StringComparison.Ordinal);
        // The prediction counter's pre-boxed tags render as their values.
        Assert.Matches("""riskops_predictions_total\{[^}]*cache_hit="true"[^}]*\}""", text);
        Assert.Matches("""riskops_predictions_total\{[^}]*cache_hit="false"[^}]*\}""", text);
        Assert.Matches("""riskops_predictions_total\{[^}]*version="1"[^}]*\}""", text);
        Assert.Contains("http_response_status_code=\"400\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_LiveAlwaysOk_ReadyReportsEachCheck()
    {
        using var client = shared.App.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", ct)).StatusCode);
        var ready = await client.GetAsync("/health/ready", ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var checks = (await ServingApp.JsonAsync(ready)).GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("models").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("pricing-store").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("surge-grid").GetProperty("status").GetString());
    }
}
