using System.CommandLine;
using RiskOps.Api;

namespace RiskOps.Cli.Commands.Serving;

/// <summary><c>riskops rescore</c>: the nightly full re-scoring, once.</summary>
internal static class RescoreCommand
{
    public static Command Create()
    {
        var command = new Command("rescore",
            "Re-score every customer with the Production risk model in batches and write the risk cache snapshot that `serve` loads. Safe to re-run.");
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            await using var app = RiskOpsApi.Build([], CommonOptions.Layout(parseResult));
            var lastPrinted = 0L;
            var progress = new Progress<long>(done =>
            {
                if (done - Interlocked.Read(ref lastPrinted) >= 50_000)
                {
                    Interlocked.Exchange(ref lastPrinted, done);
                    Console.Error.WriteLine($"  {done:N0} customers scored");
                }
            });
            var report = await RiskOpsApi.RescoreAsync(app, progress, ct);
            Console.WriteLine($"re-scored {report.Customers:N0} customers with {report.Model} v{report.Version} in {report.ScoringTime.TotalSeconds:0.00} s " +
                $"(snapshot written in {report.SnapshotTime.TotalSeconds:0.00} s)");
            return 0;
        }, cancellationToken));
        return command;
    }
}
