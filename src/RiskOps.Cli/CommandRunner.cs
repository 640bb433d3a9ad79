using RiskOps.Core.Errors;

namespace RiskOps.Cli;

/// <summary>
/// Runs a verb's body and turns expected failures into one line on stderr and a non-zero exit code,
/// so scripts can rely on the exit status and users never see a stack trace for bad input.
/// </summary>
internal static class CommandRunner
{
    public const int UserError = 2;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken);
        }
        catch (RiskOpsException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return UserError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return Cancelled;
        }
    }

}
