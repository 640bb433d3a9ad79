namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// One open-loop run: what was scheduled, sent and answered, the rate reached and latency from the scheduled time (ms),
/// how late the sends themselves were, and whether the kernel granted the generator's short scheduler slice.
/// </summary>
internal sealed record OpenLoopResult(
    int Scheduled,
    int Sent,
    int Answered,
    int Failed,
    double AchievedRate,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    double MaxSendLagMs,
    double P99SendLagMs,
    bool ShortSlice);
