using Quartz;
using RiskOps.Api.Models;
using RiskOps.Api.Seams;

namespace RiskOps.Api.Jobs;

/// <summary>Weekly: retraining steps (training registers a candidate, the registry's promotion gate decides), then a model refresh.</summary>
[DisallowConcurrentExecution]
internal sealed partial class RetrainQuartzJob(IEnumerable<IScheduledStep> steps, ModelCatalog catalog, ILogger<RetrainQuartzJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        try
        {
            foreach (var step in steps.Where(s => s.Kind is ScheduledStepKind.WeeklyRetrain))
            {
                LogStep(logger, step.Name);
                await step.RunAsync(null, ct);
            }

            await catalog.RefreshAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 5520, Level = LogLevel.Information, Message = "Weekly retraining step {Step} starting")]
    private static partial void LogStep(ILogger logger, string step);

    [LoggerMessage(EventId = 5521, Level = LogLevel.Error, Message = "Weekly retraining failed; the current model keeps serving")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
