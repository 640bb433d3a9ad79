using System.CommandLine;
using System.Globalization;
using RiskOps.Simulator;
using Spectre.Console;

namespace RiskOps.Cli.Commands;

/// <summary><c>riskops simulate</c>: generate a synthetic world (raw sources + ground truth) into the data directory.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var defaults = new SimulationOptions();
        var seed = new Option<long>("--seed") { Description = "Seed: the same seed writes byte-identical files.", DefaultValueFactory = _ => defaults.Seed };
        var customers = new Option<int>("--customers") { Description = "Number of customers (drivers).", DefaultValueFactory = _ => defaults.Customers };
        var vehicles = new Option<int>("--vehicles") { Description = "Number of vehicles.", DefaultValueFactory = _ => defaults.Vehicles };
        var bays = new Option<int>("--bays") { Description = "Number of parking bays (2–8 cities follow from it).", DefaultValueFactory = _ => defaults.Bays };
        var days = new Option<int>("--days") { Description = "Number of simulated days.", DefaultValueFactory = _ => defaults.Days };
        var startDate = new Option<string>("--start-date")
        {
            Description = "First simulated day, yyyy-MM-dd.",
            DefaultValueFactory = _ => defaults.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var parallelism = new Option<int>("--parallelism") { Description = "Worker threads (output does not depend on it).", DefaultValueFactory = _ => defaults.MaxDegreeOfParallelism };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing raw/ and ground_truth/ folders." };
        var lateRate = new Option<double>("--late-rate") { Description = "Share of event rows delivered 1–3 days late.", DefaultValueFactory = _ => defaults.LateRate };
        var duplicateRate = new Option<double>("--duplicate-rate") { Description = "Share of event rows delivered twice.", DefaultValueFactory = _ => defaults.DuplicateRate };
        var malformedRate = new Option<double>("--malformed-rate") { Description = "Share of event rows that are malformed.", DefaultValueFactory = _ => defaults.MalformedRate };
        var traceRate = new Option<double>("--trace-rate") { Description = "Share of trips with per-second traces.", DefaultValueFactory = _ => defaults.TraceRate };
        var expectedHazardTrips = new Option<int>("--expected-hazard-trips")
        {
            Description = "Dry-run trips per customer behind the ex-ante hazard (ground truth); 0 skips it on very large worlds.",
            DefaultValueFactory = _ => defaults.ExpectedHazardTrips,
        };

        var command = new Command("simulate",
            "Generate a synthetic world: raw source files (CSV / JSON lines, with late, duplicated and malformed rows) under " +
            "<data-dir>/raw and the ground truth (true hazard, fraud, demand rates, injected defects) under <data-dir>/ground_truth.")
        {
            seed, customers, vehicles, bays, days, startDate, parallelism, overwrite, lateRate, duplicateRate, malformedRate, traceRate, expectedHazardTrips,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var layout = CommonOptions.Layout(parseResult);
            var startText = parseResult.GetValue(startDate)!;
            if (!DateOnly.TryParseExact(startText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                throw new SimulationException($"--start-date must be yyyy-MM-dd (got '{startText}')");
            }

            var options = new SimulationOptions
            {
                Seed = parseResult.GetValue(seed),
                Customers = parseResult.GetValue(customers),
                Vehicles = parseResult.GetValue(vehicles),
                Bays = parseResult.GetValue(bays),
                Days = parseResult.GetValue(days),
                StartDate = start,
                MaxDegreeOfParallelism = parseResult.GetValue(parallelism),
                Overwrite = parseResult.GetValue(overwrite),
                LateRate = parseResult.GetValue(lateRate),
                DuplicateRate = parseResult.GetValue(duplicateRate),
                MalformedRate = parseResult.GetValue(malformedRate),
                TraceRate = parseResult.GetValue(traceRate),
                ExpectedHazardTrips = parseResult.GetValue(expectedHazardTrips),
            };
            options.Validate();

            SimulationSummary? summary = null;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    foreach (var stage in new[] { "reference", "context", "trips", "expected hazard", "bookings", "claims" })
                    {
                        tasks[stage] = ctx.AddTask(stage, maxValue: 1);
                    }

                    var progress = new SynchronousProgress(p =>
                    {
                        var task = tasks[p.Stage];
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Completed;
                    });
                    summary = await WorldSimulator.RunAsync(options, layout, progress, ct);
                });

            var table = new Table().AddColumn("source").AddColumn(new TableColumn("rows").RightAligned());
            foreach (var (source, rows) in summary!.RawRows.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                table.AddRow(source, rows.ToString("N0", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            var defects = string.Join(", ", summary.Defects.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value:N0}"));
            AnsiConsole.WriteLine($"defects injected: {defects}");
            AnsiConsole.WriteLine($"incidents {summary.Incidents:N0}, fraudulent claims {summary.FraudulentClaims:N0}");
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.TelematicsEvents:N0} telematics events in {summary.Elapsed.TotalSeconds:F1} s ({summary.TelematicsEvents / Math.Max(0.001, summary.Elapsed.TotalSeconds):N0} events/s) → {layout.RawDir}"));
            return 0;
        }, cancellationToken));
        return command;
    }
}
