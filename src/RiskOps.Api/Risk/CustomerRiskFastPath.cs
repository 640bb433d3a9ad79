using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Asp.Versioning;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RiskOps.Api.Hosting;

namespace RiskOps.Api.Risk;

/// <summary>
/// Answers <c>POST /api/v1/predict/customer-risk</c> cache hits ahead of routing, API versioning, minimal-API binding and
/// the result machinery, which together cost more CPU and allocation than the hit itself (measured in docs/benchmarks.md).
/// It takes only the plainest request: exactly that path, <c>application/json</c> (optionally <c>; charset=utf-8</c>), a
/// Content-Length of at most <see cref="MaxBodyBytes"/>, and a body that is exactly <c>{"customer_id": "&lt;valid id&gt;"}</c>
/// whose entry is in the risk cache for the model and variant that would score it. Anything else (a miss, another shape,
/// a bad id, malformed JSON, chunked bodies, no model) leaves the body unconsumed and goes on to the endpoint, so every
/// error answer and the miss path are the endpoint's own. A hit is answered through the same scorer method, writer,
/// metrics and prediction log as the endpoint, and the endpoint is set on the context so the request-duration metric
/// carries the same route.
/// </summary>
internal sealed class CustomerRiskFastPath
{
    /// <summary>Longest body considered; a customer id is at most 64 characters.</summary>
    public const int MaxBodyBytes = 512;

    private const string Path = "/api/v1/predict/customer-risk";
    private const string EndpointName = "PredictCustomerRisk";

    private readonly RiskScorer _scorer;
    private readonly EndpointDataSource _endpoints;
    private readonly JsonSerializerOptions _json;
    private readonly IReportApiVersions _versionReporter;
    private RequestDelegate _next = _ => Task.CompletedTask;
    private Target? _target; // a reference, so a racing first assignment is never seen half-written
    private long _served;

    public CustomerRiskFastPath(RiskScorer scorer, EndpointDataSource endpoints, IOptions<JsonOptions> json, IReportApiVersions versionReporter)
    {
        _versionReporter = versionReporter;
        _scorer = scorer;
        _endpoints = endpoints;
        _json = json.Value.SerializerOptions;
    }

    /// <summary>Requests answered here (the tests use it to know which path answered).</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>The middleware, for <c>app.Use</c>: it runs ahead of <paramref name="next"/> (routing and everything after it).</summary>
    public RequestDelegate Wrap(RequestDelegate next)
    {
        _next = next;
        return InvokeAsync;
    }

    private Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        return HttpMethods.IsPost(request.Method)
            && string.Equals(request.Path.Value, Path, StringComparison.Ordinal)
            && request.ContentLength is > 0 and <= MaxBodyBytes
            && IsPlainJson(request.ContentType)
            ? TryServeAsync(context, (int)request.ContentLength.Value)
            : _next(context);
    }

    private async Task TryServeAsync(HttpContext context, int length)
    {
        var reader = context.Request.BodyReader;
        var read = await reader.ReadAsync(context.RequestAborted);
        while (read.Buffer.Length < length && !read.IsCompleted && !read.IsCanceled)
        {
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await reader.ReadAsync(context.RequestAborted);
        }

        var body = read.Buffer;
        if (body.Length != length
            || !TryParse(body, out var customerId)
            || !_scorer.TryAnswerFromCache(customerId, context.TraceIdentifier, out var answer))
        {
            reader.AdvanceTo(body.Start, body.End); // nothing consumed: the endpoint reads the same bytes
            await _next(context);
            return;
        }

        reader.AdvanceTo(body.End);
        Interlocked.Increment(ref _served);
        var target = Volatile.Read(ref _target) ?? Find(_endpoints, _versionReporter);
        Volatile.Write(ref _target, target);
        context.SetEndpoint(target.Endpoint);
        _versionReporter.Report(context.Response, target.Versions); // api-supported-versions, as Asp.Versioning adds to the endpoint's answers
        await CustomerRiskResult.WriteAsync(context, answer, _json);
    }

    private static bool IsPlainJson(string? contentType) =>
        string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase)
        || string.Equals(contentType, "application/json; charset=utf-8", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for exactly one property, <c>customer_id</c>, whose value is a string that passes the endpoint's id rule.</summary>
    internal static bool TryParse(ReadOnlySequence<byte> body, [NotNullWhen(true)] out string? customerId)
    {
        customerId = null;
        try
        {
            var json = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 2 });
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject
                || !json.Read() || json.TokenType != JsonTokenType.PropertyName || !json.ValueTextEquals("customer_id"u8)
                || !json.Read() || json.TokenType != JsonTokenType.String)
            {
                return false;
            }

            var id = json.GetString();
            if (!json.Read() || json.TokenType != JsonTokenType.EndObject || json.Read() || !RequestValidation.IsValidId(id))
            {
                return false;
            }

            customerId = id;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Target Find(EndpointDataSource endpoints, IReportApiVersions reporter)
    {
        var endpoint = endpoints.Endpoints.FirstOrDefault(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == EndpointName)
            ?? throw new InvalidOperationException($"endpoint {EndpointName} is not mapped");
        var metadata = endpoint.Metadata.GetMetadata<ApiVersionMetadata>() ?? ApiVersionMetadata.Empty;
        return new Target(endpoint, metadata.Map(reporter.Mapping));
    }

    /// <summary>The endpoint this short-cuts and the API versions it reports.</summary>
    private sealed record Target(Endpoint Endpoint, ApiVersionModel Versions);
}
