namespace RiskOps.Api.Seams;

/// <summary>
/// A step another part owns that the scheduler runs (nightly ETL, materialization, weekly retraining).
/// Register implementations in DI; steps must be safe to re-run.
/// </summary>
public interface IScheduledStep
{
    /// <summary>When the step runs.</summary>
    ScheduledStepKind Kind { get; }

    /// <summary>Short name for logs and progress.</summary>
    string Name { get; }

    /// <summary>Runs the step once.</summary>
    Task RunAsync(IProgress<string>? progress, CancellationToken cancellationToken);
}
