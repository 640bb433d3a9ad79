using System.CommandLine;
using System.Globalization;
using RiskOps.Training.Benchmarks;

namespace RiskOps.Cli.Commands;

/// <summary><c>riskops bench train</c>: training time, peak memory and quality against the oracle at a chosen scale.</summary>
internal static class BenchTrainCommand
{
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "crai (binary) or demand (regression).", DefaultValueFactory = _ => "crai" };
        var rows = new Option<int>("--rows") { Description = "Training rows.", DefaultValueFactory = _ => 10_000_000 };
        var features = new Option<int>("--features") { Description = "Features per row.", DefaultValueFactory = _ => 60 };
        var trees = new Option<int>("--trees") { Description = "Trees.", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 42 };
        var threads = new Option<int?>("--threads") { Description = "LightGBM threads (default: all cores)." };
        var subsample = new Option<double>("--subsample")
        {
            Description = "Share of rows each tree is grown on (bagging every iteration); 1 = no bagging.", DefaultValueFactory = _ => 1.0,
        };
        var featureFraction = new Option<double>("--feature-fraction")
        {
            Description = "Share of features each tree may split on; 1 = all.", DefaultValueFactory = _ => 1.0,
        };
        var command = new Command("train", "Train LightGBM on a generated CRAI- or demand-shaped table; report time, peak memory, and quality vs the oracle.");
        foreach (var option in new Option[] { task, rows, features, trees, seed, threads, subsample, featureFraction })
        {
            command.Options.Add(option);
        }
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var figures = await Task.Run(() => new TrainingBenchmark(TimeProvider.System).Run(
                parseResult.GetValue(task)!, parseResult.GetValue(rows), parseResult.GetValue(features), parseResult.GetValue(trees),
                parseResult.GetValue(seed), parseResult.GetValue(threads), parseResult.GetValue(subsample), parseResult.GetValue(featureFraction), ct), ct);
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"task {figures.Task}: {figures.Rows:N0} rows x {figures.Features} features, {figures.Trees} trees, subsample {figures.Subsample:G3}, feature fraction {figures.FeatureFraction:G3}"));
            Console.WriteLine(string.Create(c, $"generate {figures.GenerateSeconds:F1} s, train {figures.TrainSeconds:F1} s, score {figures.ScoreRowsPerSecond:N0} rows/s"));
            Console.WriteLine(string.Create(c, $"single-row predict p50 {figures.SingleRowP50Ms:F3} ms, p99 {figures.SingleRowP99Ms:F3} ms"));
            Console.WriteLine(string.Create(c, $"peak working set {figures.PeakWorkingSetBytes / 1e9:F2} GB"));
            Console.WriteLine(string.Create(c, $"{figures.Metric}: model {figures.Model:F4}, oracle {figures.Oracle:F4}, efficiency {figures.Efficiency:P1}"));
            return 0;
        }, cancellationToken));
        return command;
    }
}
