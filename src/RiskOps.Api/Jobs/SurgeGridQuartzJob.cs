using Quartz;
using RiskOps.Api.Demand;

namespace RiskOps.Api.Jobs;

/// <summary>Quartz wrapper of <see cref="SurgeGridJob"/> (every 15 minutes by default).</summary>
[DisallowConcurrentExecution]
internal sealed partial class SurgeGridQuartzJob(SurgeGridJob job, ILogger<SurgeGridQuartzJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var report = await job.RunAsync(null, cancellationToken);
            LogDone(logger, report.Bays, report.Buckets, report.Elapsed.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 5500, Level = LogLevel.Information, Message = "Surge grid recomputed: {Bays} bays × {Buckets} buckets in {Ms:0} ms")]
    private static partial void LogDone(ILogger logger, int bays, int buckets, double ms);

    [LoggerMessage(EventId = 5501, Level = LogLevel.Error, Message = "Surge grid job failed; the previous grid stays in place and goes stale")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
