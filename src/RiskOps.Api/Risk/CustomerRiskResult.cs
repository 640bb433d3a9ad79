using System.Buffers;
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
    // Per thread: the write is synchronous, so a thread's buffer is never shared between two answers at once.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public int? StatusCode => StatusCodes.Status200OK;

    public RiskAnswer Answer { get; } = answer;

    public Task ExecuteAsync(HttpContext httpContext) =>
        WriteAsync(httpContext, Answer, httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);

    /// <summary>
    /// Writes a 200 with <paramref name="answer"/>; the endpoint and the cache-hit fast path both answer through here. The
    /// JSON goes into a per-thread buffer first so the response carries a Content-Length and leaves in one write with its
    /// headers when the request completes (written straight into the pipe it was chunked, and the flush that sent the chunk
    /// plus the terminating chunk cost two socket writes per answer).
    /// </summary>
    internal static Task WriteAsync(HttpContext httpContext, RiskAnswer answer, JsonSerializerOptions options)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = t_writer;
        if (writer is null || writer.Options.Encoder != options.Encoder)
        {
            writer = t_writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder });
        }

        try
        {
            writer.Reset(buffer);
            answer.WriteJson(writer, options);
            writer.Flush();
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = buffer.WrittenCount;
            response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            writer.Reset();
            buffer.ResetWrittenCount();
        }

        return Task.CompletedTask;
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(CustomerRiskResponse), ["application/json"]));
}
