using RiskOps.Core.Errors;

namespace RiskOps.Api.Errors;

/// <summary>An expected serving failure: the CLI prints it as one line, the API maps it to a 4xx/503 ProblemDetails.</summary>
public sealed class ServingException : RiskOpsException
{
    public ServingException(int statusCode, string title, string message) : base(message)
    {
        StatusCode = statusCode;
        Title = title;
    }

    /// <summary>HTTP status the API answers with.</summary>
    public int StatusCode { get; }

    /// <summary>ProblemDetails title.</summary>
    public string Title { get; }
}
