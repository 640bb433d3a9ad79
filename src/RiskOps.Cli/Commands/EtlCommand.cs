using System.CommandLine;
using RiskOps.Lakehouse;

namespace RiskOps.Cli.Commands;

/// <summary><c>riskops etl</c>: ingest → silver → gold; every step idempotent and resumable.</summary>
internal static class EtlCommand
{
    public static Command Create()
    {
        var command = new Command("etl",
            "Run the lakehouse: ingest new raw files into bronze, clean them into silver (rejects to quarantine), update gold incrementally. " +
            "Re-running with no new input changes nothing; an interrupted run is cleaned up and redone on the next one.");
        var full = new Option<bool>("--full")
        {
            Description = "Rebuild every gold table from all of silver instead of incrementally (the result is the same; use it after changing gold definitions).",
        };
        command.Options.Add(full);
        LakehouseCliOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            using var lake = LakehousePipeline.Open(CommonOptions.Layout(parseResult), LakehouseCliOptions.From(parseResult));
            var rebuild = parseResult.GetValue(full);
            var result = await LakehouseProgressDisplay.RunAsync(p => rebuild
                ? new EtlResult(lake.Ingest(null, p, ct), lake.RunSilver(p, ct), lake.RunGold(force: true, p, ct))
                : lake.RunEtl(p, ct), ct);
            Console.WriteLine($"bronze: {result.Batches.Count(b => !b.Skipped)} new batches ({result.Batches.Sum(b => b.Rows)} rows), {result.Batches.Count(b => b.Skipped)} already ingested");
            Console.WriteLine($"silver: {result.Reports.Count} batches, {result.Reports.Sum(r => r.RowsOut)} rows kept, {result.Reports.Sum(r => r.Quarantined)} quarantined (see `riskops quality`)");
            Console.WriteLine(result.GoldRows.Count == 0
                ? "gold:   up to date"
                : "gold:   " + string.Join(", ", result.GoldRows.Select(g => $"{g.Key} {g.Value}")));
            return 0;
        }, cancellationToken));
        return command;
    }
}
