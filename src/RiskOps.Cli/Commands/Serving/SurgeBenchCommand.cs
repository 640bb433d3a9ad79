using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RiskOps.Api;
using RiskOps.Core.Storage;
using RiskOps.Features;
using RiskOps.Features.Synthetic;
using RiskOps.Registry;
using RiskOps.Registry.Promotion;
using RiskOps.Registry.Sqlite;
using RiskOps.Training;
using RiskOps.Training.Modeling;
using RiskOps.Training.World;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// <c>riskops bench surge</c>: the surge grid recompute (every bay × 96 buckets) scored by a Production demand
/// model over the embedded feature store, on synthetic gold of a chosen number of bays, in a temp directory.
/// </summary>
internal static class SurgeBenchCommand
{
    public static Command Create()
    {
        var bays = new Option<int>("--bays") { Description = "Bays in the synthetic world.", DefaultValueFactory = _ => 2_000 };
        var days = new Option<int>("--days") { Description = "Days of demand history (at least 31: the features look back 28 days).", DefaultValueFactory = _ => 35 };
        var runs = new Option<int>("--runs") { Description = "Grid recomputes to time (the first one also loads the model).", DefaultValueFactory = _ => 3 };
        var model = new Option<string?>("--model")
        {
            Description = "A demand model artifact directory to register and promote (its feature service version must be the bench world's, v1); " +
                          "default: train a small FastTree Poisson model (1 trial, 100 trees, 100,000 rows) on the synthetic world.",
        };
        var command = new Command("surge",
            "Benchmark the surge grid: build synthetic gold with --bays bays, materialize the demand features, promote a demand model, " +
            "then time --runs grid recomputes (features read online, model scored in batches, grid saved). Works in a temp directory, removed afterwards.");
        foreach (var option in new Option[] { bays, days, runs, model })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var n = parseResult.GetValue(bays);
            var d = parseResult.GetValue(days);
            if (n < 1 || d < 31 || parseResult.GetValue(runs) < 1)
            {
                throw new Training.Data.TrainingDataException("--bays must be ≥ 1, --days ≥ 31 and --runs ≥ 1");
            }

            var root = Path.Combine(Path.GetTempPath(), "riskops-bench-surge-" + Guid.NewGuid().ToString("N"));
            try
            {
                var layout = DataLayout.Open(root);
                var lines = new List<string>
                {
                    $"| machine | {Environment.ProcessorCount} cores; load average at start {LoadAverage()} |",
                    $"| world | synthetic gold: {n:N0} bays × {d} days of 15-minute demand history ({n * d * 96L:N0} buckets) |",
                };
                var watch = Stopwatch.StartNew();
                await SyntheticGold.WriteAsync(layout, customers: 100, d, n, ct);
                // The grid is computed "now" = just after the end of the history, so the features are fresh.
                var now = SyntheticGold.Start.AddDays(d).AddMinutes(7);
                var time = new ShiftedTimeProvider(now);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                using (var store = FeatureStore.Open(layout, time))
                {
                    await store.ApplyBuiltInsAsync(ct);
                    var materialized = Stopwatch.StartNew();
                    await store.MaterializeAsync(SyntheticGold.Start, now, null, ct);
                    lines.Add($"| materialize (all views) | {materialized.Elapsed.TotalSeconds:0.0} s wall, {Cpu(ref cpu):0.0} s CPU |");
                }

                var artifact = parseResult.GetValue(model) ?? await TrainAsync(layout, ct);
                lines.Add($"| model | {(parseResult.GetValue(model) is null ? "FastTree Poisson trained on 100,000 synthetic rows (1 trial, 100 trees)" : artifact)} |");
                var registry = await SqliteModelRegistry.OpenAsync(layout, cancellationToken: ct);
                var version = await registry.RegisterAsync(new RegistrationRequest(artifact, Actor: "bench"), ct);
                await registry.PromoteAsync(version.ModelName, version.Version, new PromotionRequest(Force: true, Reason: "bench", Actor: "bench"), ct);
                Console.Error.WriteLine($"world ready in {watch.Elapsed.TotalSeconds:0} s");

                await using var app = RiskOpsApi.Build(["--RiskOps:Serving:RunScheduler=false"], layout,
                    configureServices: services => services.AddSingleton<TimeProvider>(time));
                cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (var r = 1; r <= parseResult.GetValue(runs); r++)
                {
                    var report = await RiskOpsApi.ComputeSurgeGridAsync(app, null, ct);
                    lines.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| grid run {r} ({report.Forecaster}) | {report.Bays:N0} bays × {report.Buckets} = {report.Bays * report.Buckets:N0} cells: " +
                        $"{report.Elapsed.TotalSeconds:0.00} s wall (forecast {report.ForecastTime.TotalSeconds:0.00} s, save {(report.Elapsed - report.ForecastTime).TotalSeconds:0.00} s), " +
                        $"{Cpu(ref cpu):0.00} s CPU; {report.HighDemandCells:N0} high cells |"));
                }

                lines.Add($"| load average at end | {LoadAverage()} |");
                Console.WriteLine("| measurement | result |");
                Console.WriteLine("| --- | --- |");
                lines.ForEach(Console.WriteLine);
                return 0;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        }, cancellationToken));
        return command;
    }

    private static async Task<string> TrainAsync(DataLayout layout, CancellationToken ct)
    {
        Console.Error.WriteLine("training a demand model on the synthetic world …");
        var built = await BuiltInWorld.BuildAsync(layout, BuiltInModel.Demand, ct, demandRows: 100_000);
        var options = new TrainingOptions
        {
            Trainers = [TrainerKind.FastTree], Trials = 1, Folds = 2, MaxTrees = 100, DropDegenerateFeatures = true,
            LabelHorizon = BuiltInWorld.LabelHorizon(BuiltInModel.Demand),
        };
        var request = new TrainingRequest(built.ModelName, built.Dataset, built.Reference, layout.RunsDir, built.FeatureService, built.FeatureServiceVersion);
        var result = await Task.Run(() => new TrainingPipeline(TimeProvider.System).Run(request, options, null, ct), ct);
        return result.ArtifactDirectory;
    }

    private static double Cpu(ref TimeSpan since)
    {
        var now = Process.GetCurrentProcess().TotalProcessorTime;
        var spent = (now - since).TotalSeconds;
        since = now;
        return spent;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The system clock moved to <c>start</c>: serving reads features "now" at the end of the synthetic history.</summary>
    private sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
    {
        private readonly DateTimeOffset _origin = System.GetUtcNow();

        public override DateTimeOffset GetUtcNow() => start + (System.GetUtcNow() - _origin);
    }
}
