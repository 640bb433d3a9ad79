using Quartz;
using RiskOps.Api.Risk;
using RiskOps.Api.Seams;

namespace RiskOps.Api.Jobs;

/// <summary>Nightly: ETL, then materialization (steps other parts register), then full risk re-scoring.</summary>
[DisallowConcurrentExecution]
internal sealed partial class NightlyQuartzJob(IEnumerable<IScheduledStep> steps, RiskRescoringJob rescoring, ILogger<NightlyQuartzJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        try
        {
            foreach (var step in steps.Where(s => s.Kind is ScheduledStepKind.NightlyEtl).Concat(steps.Where(s => s.Kind is ScheduledStepKind.NightlyMaterialize)))
            {
                LogStep(logger, step.Name);
                await step.RunAsync(null, ct);
            }

            var report = await rescoring.RunAsync(null, ct);
            LogRescored(logger, report.Customers, report.Version, report.ScoringTime.TotalSeconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next night re-runs every step; all of them are idempotent.
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 5510, Level = LogLevel.Information, Message = "Nightly step {Step} starting")]
    private static partial void LogStep(ILogger logger, string step);

    [LoggerMessage(EventId = 5511, Level = LogLevel.Information, Message = "Nightly re-scoring: {Customers} customers with model version {Version} in {Seconds:0.0} s")]
    private static partial void LogRescored(ILogger logger, long customers, int version, double seconds);

    [LoggerMessage(EventId = 5512, Level = LogLevel.Error, Message = "Nightly job failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
