using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace RiskOps.Api.Risk;

/// <summary>
/// 200 with a customer-risk answer written by <see cref="RiskAnswer.WriteJson"/> straight into the response pipe;
/// documented in OpenAPI as <see cref="CustomerRiskResponse"/>, which is exactly what it writes.
/// </summary>
internal sealed class CustomerRiskResult(RiskAnswer answer) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public RiskAnswer Answer { get; } = answer;

    public Task ExecuteAsync(HttpContext httpContext) =>
        WriteAsync(httpContext, Answer, httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);

    /// <summary>Writes a 200 with <paramref name="answer"/>; the endpoint and the cache-hit fast path both answer through here.</summary>
    internal static async Task WriteAsync(HttpContext httpContext, RiskAnswer answer, JsonSerializerOptions options)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = options.Encoder }))
        {
            answer.WriteJson(writer, options);
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(CustomerRiskResponse), ["application/json"]));
}
