using System.CommandLine;
using RiskOps.Lakehouse;

namespace RiskOps.Cli.Commands;

/// <summary><c>riskops ingest</c>: raw files → bronze, one atomic batch per file, idempotent by content.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Raw files to ingest (default: every file under <data-dir>/raw). Their source is the first folder under raw/.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("ingest", "Ingest raw files into bronze. Files already ingested (same bytes) are skipped; a bad file stops the run before anything is written.");
        command.Arguments.Add(files);
        LakehouseCliOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            using var lake = LakehousePipeline.Open(CommonOptions.Layout(parseResult), LakehouseCliOptions.From(parseResult));
            var paths = parseResult.GetValue(files) is { Length: > 0 } given ? given : null;
            var outcomes = await LakehouseProgressDisplay.RunAsync(p => lake.Ingest(paths, p, ct), ct);
            foreach (var o in outcomes)
            {
                Console.WriteLine(o.Skipped ? $"skip   {o.SourceFile} (already ingested)" : $"batch  {o.BatchId} {o.SourceFile} {o.Rows} rows");
            }
            Console.WriteLine($"{outcomes.Count(o => !o.Skipped)} new batches, {outcomes.Count(o => o.Skipped)} skipped");
            return 0;
        }, cancellationToken));
        return command;
    }
}
