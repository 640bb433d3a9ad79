using System.CommandLine;
using System.Globalization;
using RiskOps.Lakehouse;
using Spectre.Console;

namespace RiskOps.Cli.Commands;

/// <summary><c>riskops quality</c>: the data-quality report of each batch and why rows were quarantined.</summary>
internal static class QualityCommand
{
    public static Command Create()
    {
        var source = new Option<string?>("--source") { Description = "Only batches of this raw source (e.g. telematics)." };
        var last = new Option<int>("--last") { Description = "Show the last N batches.", DefaultValueFactory = _ => 30 };
        var command = new Command("quality", "Show data-quality reports per batch (rows in/out/quarantined, completeness, validity, uniqueness, freshness) and quarantine reasons.");
        command.Options.Add(source);
        command.Options.Add(last);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(ct =>
        {
            using var lake = LakehousePipeline.Open(CommonOptions.Layout(parseResult), new LakehouseOptions { Threads = 1, MemoryLimit = "512MB" });
            var reports = lake.QualityReports(parseResult.GetValue(source));
            var shown = reports.TakeLast(Math.Max(1, parseResult.GetValue(last))).ToList();
            var table = new Table().AddColumns("batch", "source", "in", "out", "quarantined", "dupes", "complete", "valid", "unique", "fresh h");
            foreach (var r in shown)
            {
                table.AddRow(r.BatchId, r.Source, N(r.RowsIn), N(r.RowsOut), N(r.Quarantined), N(r.Duplicates),
                    P(r.Completeness), P(r.Validity), P(r.Uniqueness), r.FreshnessHours?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-");
            }
            table.AddRow("[bold]total[/]", $"{reports.Count} batches", N(reports.Sum(r => r.RowsIn)), N(reports.Sum(r => r.RowsOut)),
                N(reports.Sum(r => r.Quarantined)), N(reports.Sum(r => r.Duplicates)), "", "", "", "");
            AnsiConsole.Write(table);

            var reasons = lake.QuarantineReasons(parseResult.GetValue(source))
                .GroupBy(r => r.Reason).Select(g => (Reason: g.Key, Rows: g.Sum(x => x.Rows))).OrderByDescending(g => g.Rows).ToList();
            if (reasons.Count > 0)
            {
                var why = new Table().AddColumns("quarantine reason", "rows");
                foreach (var (reason, rows) in reasons)
                {
                    why.AddRow(Markup.Escape(reason), N(rows));
                }
                AnsiConsole.Write(why);
                Console.WriteLine($"quarantined rows: {lake.Layout.QuarantineDir}/<source>/*.parquet");
            }
            return Task.FromResult(0);
        }, cancellationToken));
        return command;
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string P(double share) => share.ToString("P1", CultureInfo.InvariantCulture);
}
