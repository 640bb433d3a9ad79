using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RiskOps.Core.Storage;
using RiskOps.Simulator;
using Spectre.Console;

namespace RiskOps.Cli.Commands;

/// <summary><c>riskops bench simulator</c>: generation throughput and peak memory at a chosen scale.</summary>
internal static class BenchSimulatorCommand
{
    public static Command Create()
    {
        var seed = new Option<long>("--seed") { Description = "Seed of the world.", DefaultValueFactory = _ => 42 };
        var customers = new Option<int>("--customers") { Description = "Customers.", DefaultValueFactory = _ => 20_000 };
        var vehicles = new Option<int>("--vehicles") { Description = "Vehicles.", DefaultValueFactory = _ => 2_000 };
        var bays = new Option<int>("--bays") { Description = "Parking bays.", DefaultValueFactory = _ => 400 };
        var days = new Option<int>("--days") { Description = "Days.", DefaultValueFactory = _ => 30 };
        var parallelism = new Option<int>("--parallelism") { Description = "Worker threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var keep = new Option<bool>("--keep") { Description = "Keep the generated world (default: delete it after measuring)." };
        var command = new Command("simulator",
            "Generate a world into <data-dir>/bench/simulator and report rows/s, telematics events/s, CPU time and peak memory.")
        {
            seed, customers, vehicles, bays, days, parallelism, keep,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var layout = DataLayout.Open(Path.Combine(CommonOptions.Layout(parseResult).Root, "bench", "simulator"));
            var options = new SimulationOptions
            {
                Seed = parseResult.GetValue(seed),
                Customers = parseResult.GetValue(customers),
                Vehicles = parseResult.GetValue(vehicles),
                Bays = parseResult.GetValue(bays),
                Days = parseResult.GetValue(days),
                MaxDegreeOfParallelism = parseResult.GetValue(parallelism),
                Overwrite = true,
                // Measures raw-data generation, as the recorded figures did: the ex-ante hazard for model
                // evaluation (ground truth only, about 4 CPU-s per 1,000 customers) is left out.
                ExpectedHazardTrips = 0,
            };
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            SimulationSummary? summary = null;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    var progress = new SynchronousProgress(p =>
                    {
                        if (!tasks.TryGetValue(p.Stage, out var task))
                        {
                            task = tasks[p.Stage] = ctx.AddTask(p.Stage, maxValue: 1);
                        }

                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Completed;
                    });
                    summary = await WorldSimulator.RunAsync(options, layout, progress, ct);
                });

            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var bytes = Directory.EnumerateFiles(layout.RawDir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            var rows = summary!.RawRows.Values.Sum();
            var seconds = summary.Elapsed.TotalSeconds;
            var report = string.Create(CultureInfo.InvariantCulture,
                $"| {options.Customers:N0} | {options.Vehicles:N0} | {options.Bays:N0} | {options.Days} | {summary.TelematicsEvents:N0} | {rows:N0} | " +
                $"{seconds:F1} s | {cpu.TotalSeconds:F1} s | {summary.TelematicsEvents / seconds:N0} | {rows / seconds:N0} | {bytes / 1e6:N0} MB | {process.PeakWorkingSet64 / 1e6:N0} MB |");
            Console.WriteLine("| customers | vehicles | bays | days | telematics events | raw rows | wall | CPU | events/s | rows/s | raw size | peak memory |");
            Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            Console.WriteLine(report);
            if (!parseResult.GetValue(keep))
            {
                Directory.Delete(layout.Root, recursive: true);
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
