using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using RiskOps.Api.Risk;

namespace RiskOps.Api.Tests;

/// <summary>
/// The customer-risk cache-hit fast path against the endpoint it short-cuts: the same bytes and headers for a hit, and
/// for anything else (bad bodies, misses, other content types) exactly what the endpoint answers with the fast path off.
/// </summary>
public sealed class CustomerRiskFastPathTests
{
    private const string Path = "/api/v1/predict/customer-risk";
    private const string Cached = "C000007";

    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    [Fact]
    public async Task FastPath_Hit_IsByteIdenticalToEndpointHit()
    {
        await using var app = await ServingApp.CreateAsync();
        using var client = await app.ClientAsync();
        var fastPath = app.Services.GetRequiredService<CustomerRiskFastPath>();
        await PostAsync(client, $$"""{"customer_id":"{{Cached}}"}"""); // a miss: scored by the endpoint, then cached

        var served = fastPath.Served;
        using var fast = await PostAsync(client, $$"""{"customer_id":"{{Cached}}"}""");
        Assert.Equal(served + 1, fastPath.Served);
        // Same request with an extra property: not the fast path's shape, so the endpoint answers it, from the cache.
        using var endpoint = await PostAsync(client, $$"""{"customer_id":"{{Cached}}","note":1}""");
        Assert.Equal(served + 1, fastPath.Served);

        Assert.Equal(HttpStatusCode.OK, fast.StatusCode);
        Assert.Equal(HttpStatusCode.OK, endpoint.StatusCode);
        var ct = TestContext.Current.CancellationToken;
        var fastBytes = await fast.Content.ReadAsByteArrayAsync(ct);
        Assert.Equal(await endpoint.Content.ReadAsByteArrayAsync(ct), fastBytes);
        Assert.True(JsonDocument.Parse(fastBytes).RootElement.GetProperty("cache_hit").GetBoolean());
        Assert.Equal(Headers(endpoint), Headers(fast));
        Assert.Equal(fastBytes.Length, fast.Content.Headers.ContentLength); // one write with the headers, not chunked
    }

    [Fact]
    public async Task FastPath_HitIsCountedAndLoggedLikeTheEndpoint()
    {
        await using var app = await ServingApp.CreateAsync();
        using var client = await app.ClientAsync();
        await PostAsync(client, $$"""{"customer_id":"{{Cached}}"}""");
        var log = app.Services.GetRequiredService<Logging.PredictionLog>();
        var shedBefore = log.Shed;
        var served = app.Services.GetRequiredService<CustomerRiskFastPath>().Served;
        for (var i = 0; i < 3; i++)
        {
            (await PostAsync(client, $$"""{"customer_id":"{{Cached}}"}""")).Dispose();
        }

        Assert.Equal(served + 3, app.Services.GetRequiredService<CustomerRiskFastPath>().Served);
        Assert.Equal(shedBefore, log.Shed);
        var metrics = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var hits = metrics.Split('\n').Single(l => l.StartsWith("riskops_risk_cache_requests_total{", StringComparison.Ordinal)
            && l.Contains("result=\"hit\"", StringComparison.Ordinal));
        Assert.Equal("3", hits.Split(' ')[1]);
        // The request-duration metric names the route for fast-path answers too (the endpoint is set on the context).
        // Hosting records a request's duration when it disposes the request, which can follow the client's read of the
        // answer, so the last request may land a moment after: wait for it (bounded), then require exactly 4.
        var routed = RoutedCount(metrics);
        for (var attempt = 0; routed < 4 && attempt < 50; attempt++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            routed = RoutedCount(await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken));
        }
        Assert.Equal(4, routed);
    }

    private static long RoutedCount(string metrics) => metrics.Split('\n')
        .Where(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("http_route=\"/api/v{version:apiVersion}/predict/customer-risk\"", StringComparison.Ordinal)
            && l.Contains("http_response_status_code=\"200\"", StringComparison.Ordinal))
        .Sum(l => long.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));

    public static TheoryData<string, string> NotForTheFastPath() => new()
    {
        { "application/json", $$"""{"customer_id":"{{Cached}}" """ },
        { "application/json", $$"""{"customer_id":"{{Cached}}"} x""" },
        { "application/json", $$"""{"customer_id":"{{Cached}}","customer_id":"C000008"}""" },
        { "application/json", $$"""{"customer_id":"{{Cached}}","customer_id":7}""" },
        { "application/json", $$"""{"customer_id":"{{Cached}}"/* c */}""" },
        { "application/json", $$"""{"customer_id":"{{Cached}}",}""" },
        { "application/json", $$"""{"Customer_Id":"{{Cached}}"}""" },
        { "application/json", """{"customer_id":"C0000 7"}""" },
        { "application/json", """{"customer_id":7}""" },
        { "application/json", """{"customer_id":null}""" },
        { "application/json", """["C000007"]""" },
        { "application/json", "" },
        { "application/json", """{"customer_id":"C000049"}""" },
        { "application/json", """{"customer_id":"C999999"}""" },
        { "application/json; charset=utf-16", $$"""{"customer_id":"{{Cached}}"}""" },
        { "text/plain", $$"""{"customer_id":"{{Cached}}"}""" },
        { "application/x-www-form-urlencoded", "customer_id=C000007" },
        { "application/json", $$"""{"customer_id":"{{Cached}}","pad":"{{new string('x', CustomerRiskFastPath.MaxBodyBytes)}}"}""" },
    };

    [Theory]
    [MemberData(nameof(NotForTheFastPath))]
    public async Task FastPath_AnythingElse_GetsExactlyTheEndpointsAnswer(string contentType, string body)
    {
        await using var on = await ServingApp.CreateAsync();
        await using var off = await ServingApp.CreateAsync(new() { ["RiskOps:Serving:CustomerRiskFastPath"] = "false" });
        using var onClient = await on.ClientAsync();
        using var offClient = await off.ClientAsync();
        (await PostAsync(onClient, $$"""{"customer_id":"{{Cached}}"}""")).Dispose();
        (await PostAsync(offClient, $$"""{"customer_id":"{{Cached}}"}""")).Dispose();
        var served = on.Services.GetRequiredService<CustomerRiskFastPath>().Served;

        using var expected = await PostAsync(offClient, body, contentType);
        using var actual = await PostAsync(onClient, body, contentType);

        Assert.Equal(served, on.Services.GetRequiredService<CustomerRiskFastPath>().Served);
        Assert.Equal(expected.StatusCode, actual.StatusCode);
        Assert.NotEqual(HttpStatusCode.InternalServerError, actual.StatusCode);
        Assert.Equal(Headers(expected), Headers(actual));
        var ct = TestContext.Current.CancellationToken;
        var (expectedBody, actualBody) = (await expected.Content.ReadAsStringAsync(ct), await actual.Content.ReadAsStringAsync(ct));
        if (actual.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal(expectedBody, actualBody);
        }
        else
        {
            // Problem details carry a per-request trace id; everything else must match.
            Assert.Equal(WithoutTraceId(expectedBody), WithoutTraceId(actualBody));
        }
    }

    [Fact]
    public async Task FastPath_CharsetUtf8AndEscapedName_AreServed()
    {
        await using var app = await ServingApp.CreateAsync();
        using var client = await app.ClientAsync();
        await PostAsync(client, $$"""{"customer_id":"{{Cached}}"}""");
        var fastPath = app.Services.GetRequiredService<CustomerRiskFastPath>();
        var served = fastPath.Served;
        using var response = await PostAsync(client, $$""" { "customer\u005fid" : "{{Cached}}" } """, "application/json; charset=utf-8");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(served + 1, fastPath.Served);
    }

    private static readonly Gen<string> s_body =
        from id in Gen.OneOf(Gen.Elements("C000007", "", " ", "C 1", "é", "a\"b", new string('x', 64), new string('x', 65), "a.b-c_D9"),
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null))
        from name in Gen.Elements("customer_id", "Customer_id", "customer\\u005fid", "customerId", "id")
        from shape in Gen.Elements(
            "{{\"{0}\":\"{1}\"}}", " {{ \"{0}\" : \"{1}\" }} ", "{{\"{0}\":\"{1}\",\"x\":1}}", "{{\"x\":1,\"{0}\":\"{1}\"}}",
            "{{\"{0}\":\"{1}\"", "{{\"{0}\":\"{1}\"}}}}", "[{{\"{0}\":\"{1}\"}}]", "{{\"{0}\":{1}}}", "{{\"{0}\":\"{1}\",\"{0}\":\"C1\"}}")
        select string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, name, JsonEncodedText.Encode(id).Value);

    /// <summary>
    /// Oracle: System.Text.Json binding the documented request with the service's options (case-insensitive names, last
    /// duplicate wins) plus the endpoint's id rule. Whenever the fast path accepts a body, the endpoint would have
    /// accepted it too and read the same customer id.
    /// </summary>
    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property TryParse_AcceptsOnlyWhatTheEndpointReadsAsTheSameId() =>
        Prop.ForAll(s_body.ToArbitrary(), body =>
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            if (!CustomerRiskFastPath.TryParse(new ReadOnlySequence<byte>(bytes), out var id))
            {
                return true;
            }

            CustomerRiskRequest? bound;
            try
            {
                bound = JsonSerializer.Deserialize<CustomerRiskRequest>(bytes, s_web);
            }
            catch (JsonException)
            {
                return false;
            }

            return bound?.CustomerId == id && Hosting.RequestValidation.IsValidId(id);
        });

    [Fact]
    public void TryParse_AcceptsThePlainShape()
    {
        Assert.True(CustomerRiskFastPath.TryParse(new ReadOnlySequence<byte>("{\"customer_id\":\"C0000001\"}"u8.ToArray()), out var id));
        Assert.Equal("C0000001", id);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using (content)
        {
            return await client.PostAsync(Path, content, TestContext.Current.CancellationToken);
        }
    }

    private static string Headers(HttpResponseMessage response) =>
        string.Join("\n", response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not "Date")
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));

    private static string WithoutTraceId(string problem) =>
        System.Text.RegularExpressions.Regex.Replace(problem, "\"trace_?[iI]d\":\"[^\"]*\"", "\"trace_id\":\"\"");
}
