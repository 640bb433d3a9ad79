using System.Net;
using System.Text;

namespace RiskOps.Api.Tests;

/// <summary>Every POST endpoint against every kind of bad body: always a 4xx ProblemDetails, never a 500.</summary>
public sealed class BadInputTests(Shared shared) : IClassFixture<Shared>
{
    public static TheoryData<string, string, string?> Cases()
    {
        string[] endpoints =
        [
            "/api/v1/predict/customer-risk", "/api/v1/predict/demand", "/api/v1/price/quote", "/api/v1/price/outcome",
            "/api/v1/predict/claim", "/api/v1/predict/claim/batch",
        ];
        (string Name, string Body)[] generic =
        [
            ("empty body", ""),
            ("malformed json", "{\"customer_id\": "),
            ("not an object", "[1, 2, 3]"),
            ("json null", "null"),
            ("empty object", "{}"),
            ("string instead of object", "\"hello\""),
            ("NaN literal", "{\"customer_id\": NaN}"),
            ("huge nesting", new string('[', 200) + new string(']', 200)),
        ];
        var data = new TheoryData<string, string, string?>();
        foreach (var endpoint in endpoints)
        {
            foreach (var (_, body) in generic)
            {
                data.Add(endpoint, body, null);
            }
        }

        // Field-level cases: the ProblemDetails must name the field.
        data.Add("/api/v1/predict/customer-risk", "{\"customer_id\": 123}", "customer_id");
        data.Add("/api/v1/predict/customer-risk", "{\"customer_id\": \"\"}", "customer_id");
        data.Add("/api/v1/predict/customer-risk", "{\"customer_id\": \"" + new string('C', 500) + "\"}", "customer_id");
        data.Add("/api/v1/predict/customer-risk", "{\"customer_id\": \"C1; DROP TABLE\"}", "customer_id");
        data.Add("/api/v1/predict/demand", "{\"parking_bay_id\": \"B0001\", \"prediction_time\": \"yesterday\"}", "prediction_time");
        data.Add("/api/v1/predict/demand", "{\"parking_bay_id\": \"B0001\", \"prediction_time\": \"2030-01-01T00:00:00Z\"}", "prediction_time");
        data.Add("/api/v1/predict/demand", "{\"parking_bay_id\": true}", "parking_bay_id");
        data.Add("/api/v1/price/quote", Quote(start: "\"2026-06-01T09:00:00Z\"", end: "\"2026-06-01T08:30:00Z\""), "end");
        data.Add("/api/v1/price/quote", Quote(start: "\"2020-01-01T09:00:00Z\"", end: "\"2020-01-01T10:00:00Z\""), "start");
        data.Add("/api/v1/price/quote", Quote(start: "12", end: "\"2026-06-01T10:00:00Z\""), "start");
        data.Add("/api/v1/price/quote", Quote(vehicleType: "\"spaceship\""), "vehicle_type");
        data.Add("/api/v1/price/quote", Quote(vehicleType: "null"), "vehicle_id");
        data.Add("/api/v1/price/quote", Quote(end: "\"2026-07-01T10:00:00Z\""), "end");
        data.Add("/api/v1/price/outcome", "{\"quote_id\": \"Q1\", \"booked\": \"yes\"}", "booked");
        data.Add("/api/v1/price/outcome", "{\"quote_id\": \"Q1\"}", "booked");
        data.Add("/api/v1/predict/claim", Claim(amount: "-5"), "amount_eur");
        data.Add("/api/v1/predict/claim", Claim(amount: "1e308"), "amount_eur");
        data.Add("/api/v1/predict/claim", Claim(amount: "1e400"), "amount_eur");
        data.Add("/api/v1/predict/claim", Claim(amount: "\"NaN\""), "amount_eur");
        data.Add("/api/v1/predict/claim", Claim(amount: "\"12\""), "amount_eur");
        data.Add("/api/v1/predict/claim", Claim(prior: "99999999999"), "prior_claims");
        data.Add("/api/v1/predict/claim", Claim(prior: "1.5"), "prior_claims");
        data.Add("/api/v1/predict/claim", Claim(type: "\"meteor\""), "claim_type");
        data.Add("/api/v1/predict/claim", Claim(reported: "\"2026-05-01T00:00:00Z\""), "reported_at");
        data.Add("/api/v1/predict/claim", Claim(incident: "null"), "incident_at");
        data.Add("/api/v1/predict/claim/batch", "{\"claims\": [" + Claim() + ", " + Claim(amount: "-1") + "]}", "claims[1].amount_eur");
        data.Add("/api/v1/predict/claim/batch", "{\"claims\": [null]}", "claims[0]");
        data.Add("/api/v1/predict/claim/batch", "{\"claims\": []}", "claims");
        data.Add("/api/v1/predict/claim/batch", "{\"claims\": {}}", "claims");
        return data;
    }

    internal static string Quote(string customer = "\"C000001\"", string vehicleType = "\"car\"", string bay = "\"B0001\"",
        string start = "\"2026-06-01T09:00:00Z\"", string end = "\"2026-06-01T10:00:00Z\"") =>
        $"{{\"customer_id\": {customer}, \"vehicle_type\": {vehicleType}, \"parking_bay_id\": {bay}, \"start\": {start}, \"end\": {end}}}";

    internal static string Claim(string id = "\"K1\"", string type = "\"collision\"", string amount = "1200.5", string prior = "1",
        string incident = "\"2026-05-20T22:30:00+02:00\"", string reported = "\"2026-05-22T09:00:00+02:00\"") =>
        $"{{\"claim_id\": {id}, \"customer_id\": \"C000001\", \"claim_type\": {type}, \"amount_eur\": {amount}, \"policy_tenure_months\": 24, " +
        $"\"prior_claims\": {prior}, \"incident_at\": {incident}, \"reported_at\": {reported}, \"description\": \"urgent, paid cash, no witnesses\"}}";

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_BadBody_Is4xxProblemNamingField(string endpoint, string body, string? field)
    {
        using var client = shared.App.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await client.PostAsync(endpoint, content, TestContext.Current.CancellationToken);
        var status = (int)response.StatusCode;
        Assert.InRange(status, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ServingApp.JsonAsync(response);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            Assert.Equal(400, status);
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
                $"expected an error for '{field}', got {problem}");
        }
    }

    [Theory]
    [InlineData("/api/v1/predict/customer-risk")]
    [InlineData("/api/v1/predict/demand")]
    [InlineData("/api/v1/price/quote")]
    [InlineData("/api/v1/price/outcome")]
    [InlineData("/api/v1/predict/claim")]
    [InlineData("/api/v1/predict/claim/batch")]
    public async Task Endpoint_WrongContentType_Is415Problem(string endpoint)
    {
        using var client = shared.App.CreateClient();
        using var content = new StringContent("customer_id=C000001", Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await client.PostAsync(endpoint, content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ClaimBatch_OverLimit_Is413Problem()
    {
        using var client = shared.App.CreateClient();
        var body = "{\"claims\": [" + string.Join(",", Enumerable.Range(0, 1001).Select(i => Claim(id: $"\"K{i}\""))) + "]}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/v1/predict/claim/batch", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/v1/predict/customer-risk", 405)]
    [InlineData("POST", "/api/v2/predict/customer-risk", 404)]
    [InlineData("GET", "/api/v1/nothing-here", 404)]
    public async Task UnknownRouteOrVersionOrMethod_IsProblem(string method, string path, int status)
    {
        using var client = shared.App.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("{\"customer_id\": \"C000001\"}", Encoding.UTF8, "application/json") : null,
        };
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
