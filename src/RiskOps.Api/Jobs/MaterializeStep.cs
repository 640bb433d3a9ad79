using RiskOps.Api.Adapters;
using RiskOps.Api.Seams;

namespace RiskOps.Api.Jobs;

/// <summary>
/// Nightly incremental materialization into the online store serving reads from (the same in-process store,
/// so new values are served without a restart). Idempotent: only rows created after each view's watermark move.
/// </summary>
internal sealed class MaterializeStep(FeatureStoreSource features) : IScheduledStep
{
    public ScheduledStepKind Kind => ScheduledStepKind.NightlyMaterialize;

    public string Name => "materialize-incremental";

    public async Task RunAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var report = await features.Store.MaterializeIncrementalAsync(null, cancellationToken);
        progress?.Report($"materialized {report}");
    }
}
