using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace RiskOps.Api.Errors;

/// <summary>
/// Turns binding failures (malformed JSON, wrong types, empty or oversize bodies, wrong content type) and
/// <see cref="ServingException"/> into ProblemDetails naming the field; anything else is a 500 without internals.
/// </summary>
internal sealed partial class ServingExceptionHandler(IProblemDetailsService problemDetails, ILogger<ServingExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException bad:
                problem = FromBadRequest(bad);
                break;
            case ServingException serving:
                problem = new ProblemDetails { Status = serving.StatusCode, Title = serving.Title, Detail = serving.Message };
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            default:
                LogUnhandled(logger, exception, httpContext.Request.Path);
                problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Internal error", Detail = "The request could not be completed; see the server log." };
                break;
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        var status = bad.StatusCode;
        if (status == StatusCodes.Status415UnsupportedMediaType)
        {
            return new ProblemDetails { Status = status, Title = "Unsupported media type", Detail = "Send the body as application/json." };
        }

        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            return new ProblemDetails { Status = status, Title = "Request body too large", Detail = bad.Message };
        }

        var json = FindJsonException(bad);
        if (json is null)
        {
            return new ProblemDetails { Status = status, Title = "Invalid request", Detail = FirstLine(bad.Message) };
        }

        var field = FieldFromPath(json.Path);
        var message = field.Length == 0
            ? "The body is not valid JSON."
            : $"'{field}' has the wrong type or format.";
        var validation = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field.Length == 0 ? "$" : field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request body",
            Detail = message,
        };
        return validation;
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    /// <summary>"$.claims[3].amount_eur" → "claims[3].amount_eur"; "$" or null → "".</summary>
    internal static string FieldFromPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline];
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Unhandled error serving {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, PathString path);
}
