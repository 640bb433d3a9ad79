using System.CommandLine;
using RiskOps.Api;

namespace RiskOps.Cli.Commands.Serving;

/// <summary><c>riskops surge</c>: the 15-minute surge grid job, once.</summary>
internal static class SurgeCommand
{
    public static Command Create()
    {
        var command = new Command("surge",
            "Recompute the surge grid (every bay × every 15-minute bucket of the next 24 h) and save it for `serve`. Safe to re-run.");
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            await using var app = RiskOpsApi.Build([], CommonOptions.Layout(parseResult));
            var report = await RiskOpsApi.ComputeSurgeGridAsync(app, new Progress<string>(line => Console.Error.WriteLine("  " + line)), ct);
            Console.WriteLine($"surge grid: {report.Bays} bays × {report.Buckets} buckets ({report.From:yyyy-MM-dd HH:mm}Z – {report.To:yyyy-MM-dd HH:mm}Z), " +
                $"{report.HighDemandCells} high-demand cells, in {report.Elapsed.TotalMilliseconds:0} ms");
            return 0;
        }, cancellationToken));
        return command;
    }
}
