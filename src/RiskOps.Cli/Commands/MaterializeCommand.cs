using System.CommandLine;
using RiskOps.Features.Materialization;

namespace RiskOps.Cli.Commands;

/// <summary><c>riskops materialize START END</c> and <c>riskops materialize-incremental</c>.</summary>
internal static class MaterializeCommand
{
    public static Command Create()
    {
        var start = new Argument<string>("START") { Description = "First event timestamp (UTC), e.g. 2026-03-01." };
        var end = new Argument<string>("END") { Description = "Event timestamps before this (UTC); cut to now." };
        var command = new Command("materialize", "Copy each entity's latest feature row with event_ts in [START, END) to the online store (chunked, resumable, idempotent).");
        command.Arguments.Add(start);
        command.Arguments.Add(end);
        command.Options.Add(FeatureStoreCli.Views);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            using var store = FeatureStoreCli.Open(parseResult);
            var report = await store.MaterializeAsync(
                FeatureStoreCli.ParseInstant(parseResult.GetValue(start)!, "START"),
                FeatureStoreCli.ParseInstant(parseResult.GetValue(end)!, "END"),
                parseResult.GetValue(FeatureStoreCli.Views), ct);
            Print(report);
            return 0;
        }, cancellationToken));
        return command;
    }

    public static Command CreateIncremental()
    {
        var command = new Command("materialize-incremental", "Materialize what changed since each view's last run (late corrections included), up to now.");
        command.Options.Add(FeatureStoreCli.Views);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            using var store = FeatureStoreCli.Open(parseResult);
            Print(await store.MaterializeIncrementalAsync(parseResult.GetValue(FeatureStoreCli.Views), ct));
            return 0;
        }, cancellationToken));
        return command;
    }

    private static void Print(MaterializationReport report)
    {
        foreach (var v in report.Views)
        {
            Console.WriteLine($"{v.View,-28} read {v.RowsRead,9} written {v.RowsWritten,9} chunks {v.Chunks,4}{(v.Resumed ? " (resumed)" : "")} " +
                $"up to {FeatureStoreCli.Format(v.End)} in {v.Elapsed.TotalSeconds:F1} s");
        }
    }
}
