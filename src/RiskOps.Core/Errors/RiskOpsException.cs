namespace RiskOps.Core.Errors;

/// <summary>
/// Base of every expected failure (bad input, unknown id, refused operation). Its message is one
/// line a user can act on; the CLI prints it and exits non-zero, the API maps it to a 4xx
/// ProblemDetails. Each part derives its own type so callers can tell where a failure came from.
/// </summary>
public class RiskOpsException : Exception
{
    public RiskOpsException(string message) : base(message) { }

    public RiskOpsException(string message, Exception innerException) : base(message, innerException) { }
}
