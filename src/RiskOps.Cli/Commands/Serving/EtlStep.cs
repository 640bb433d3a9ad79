using RiskOps.Api.Seams;
using RiskOps.Core.Storage;
using RiskOps.Lakehouse;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// The nightly lakehouse ETL as a scheduled step of <c>riskops serve</c>. It lives in the CLI (a host) because
/// serving itself never writes the lakehouse; the host composes the two.
/// </summary>
internal sealed class EtlStep(DataLayout layout) : IScheduledStep
{
    public ScheduledStepKind Kind => ScheduledStepKind.NightlyEtl;

    public string Name => "etl";

    public Task RunAsync(IProgress<string>? progress, CancellationToken cancellationToken) => Task.Run(() =>
    {
        using var lake = LakehousePipeline.Open(layout);
        var result = lake.RunEtl(null, cancellationToken);
        progress?.Report($"etl: {result.Batches.Count} batches, gold tables rebuilt: {result.GoldRows.Count}");
    }, cancellationToken);
}
