using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using RiskOps.Api;
using RiskOps.Core.Storage;
using RiskOps.Features;
using RiskOps.Lakehouse;
using RiskOps.Registry;
using RiskOps.Registry.Errors;
using RiskOps.Registry.Promotion;
using RiskOps.Registry.Sqlite;
using RiskOps.Simulator;
using RiskOps.Training;
using RiskOps.Training.World;

namespace RiskOps.Cli.Commands;

/// <summary>
/// <c>riskops demo</c>: the whole platform in one command — simulate a small world, run the lakehouse,
/// materialize features, train and promote the three built-in models, precompute the risk cache and the
/// surge grid, then serve. Every step is the same code the individual verbs run, and every step reuses
/// what a previous run left (the world, ingested batches, materialized features, Production models).
/// </summary>
internal static class DemoCommand
{
    private static readonly Option<string> s_urls = new("--urls")
    {
        Description = "Address the service listens on.",
        DefaultValueFactory = _ => "http://localhost:5080",
    };

    private static readonly Option<int> s_customers = new("--customers") { Description = "Customers in the demo world (first run only).", DefaultValueFactory = _ => new SimulationOptions().Customers };
    private static readonly Option<int> s_days = new("--days")
    {
        // CRAI observations need 90 days of feature history before them (the longest window), a 30-day label window
        // and a 14-day reporting-lag margin after them, and purged time-series validation drops 30 days of training
        // rows before each validation block and the holdout: about 270 days is the least that leaves 3 folds.
        Description = "Days of history in the demo world, ending today (first run only; CRAI's purged time-series validation needs about 270).",
        DefaultValueFactory = _ => new SimulationOptions().Days,
    };
    private static readonly Option<long> s_seed = new("--seed") { Description = "Seed of the demo world and of training.", DefaultValueFactory = _ => 42 };
    private static readonly Option<bool> s_retrain = new("--retrain") { Description = "Train and register new versions even if Production versions exist (the promotion gate decides)." };
    private static readonly Option<bool> s_noServe = new("--no-serve") { Description = "Prepare everything, print the example requests, and exit instead of serving." };

    /// <summary>The built-in models, in the order they are trained.</summary>
    private static readonly BuiltInModel[] s_models = [BuiltInModel.Crai, BuiltInModel.Demand, BuiltInModel.Claims];

    public static Command Create()
    {
        var command = new Command("demo",
            "Run the whole platform on a small synthetic world: simulate → lakehouse → features → train → register and promote → " +
            "precompute caches and the surge grid → serve on --urls. A second run reuses what exists.");
        foreach (var option in new Option[] { s_urls, s_customers, s_days, s_seed, s_retrain, s_noServe })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            ct => RunAsync(parseResult, CommonOptions.Layout(parseResult), ct), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, DataLayout layout, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        var seed = parseResult.GetValue(s_seed);

        await Step("1/6 simulate", () => SimulateAsync(layout, parseResult.GetValue(s_customers), parseResult.GetValue(s_days), seed, ct));
        await Step("2/6 lakehouse", () => Task.Run(() => EtlAsync(layout, ct), ct));
        await Step("3/6 features", () => FeaturesAsync(layout, ct));
        await Step("4/6 train and promote", () => TrainAsync(layout, (int)seed, parseResult.GetValue(s_retrain), ct));

        var urls = parseResult.GetValue(s_urls)!;
        await using var app = RiskOpsApi.Build([], layout, urls);
        await Step("5/6 risk cache and surge grid", async () =>
        {
            var rescored = await RiskOpsApi.RescoreAsync(app, progress: null, ct);
            var grid = await RiskOpsApi.ComputeSurgeGridAsync(app, progress: null, ct);
            return $"{rescored.Customers:N0} customers re-scored with {rescored.Model} v{rescored.Version} in {rescored.ScoringTime.TotalSeconds:F2} s; " +
                   $"surge grid {grid.Bays} bays × {grid.Buckets} buckets ({grid.HighDemandCells} high-demand cells) in {grid.Elapsed.TotalSeconds:F2} s";
        });

        Console.WriteLine($"ready in {total.Elapsed.TotalSeconds:F0} s; data in {layout.Root}");
        PrintExamples(layout, urls);
        if (parseResult.GetValue(s_noServe))
        {
            return 0;
        }

        Console.WriteLine($"6/6 serving on {urls} (Ctrl+C to stop)");
        await app.StartAsync(ct);
        await app.WaitForShutdownAsync(ct);
        return 0;
    }

    private static async Task Step(string name, Func<Task<string>> body)
    {
        var watch = Stopwatch.StartNew();
        // Plain lines, not Spectre markup: Spectre wraps at the terminal width, and scripts grep these lines.
        Console.WriteLine($"{name} …");
        var summary = await body();
        Console.WriteLine($"{name} done in {watch.Elapsed.TotalSeconds:F1} s: {summary}");
    }

    private static async Task<string> SimulateAsync(DataLayout layout, int customers, int days, long seed, CancellationToken ct)
    {
        if (Directory.Exists(layout.RawDir) && Directory.EnumerateFileSystemEntries(layout.RawDir).Any())
        {
            return $"reusing the world in {layout.RawDir}";
        }

        // The world ends today so that serving, which reads features as of now, finds them fresh.
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var defaults = new SimulationOptions();
        var options = defaults with
        {
            Seed = seed,
            Customers = customers,
            // The default world's ratios of vehicles and bays to customers, for any --customers.
            Vehicles = Math.Max(10, customers * defaults.Vehicles / defaults.Customers),
            Bays = Math.Max(4, customers * defaults.Bays / defaults.Customers),
            Days = days,
            StartDate = today.AddDays(-days),
        };
        var summary = await WorldSimulator.RunAsync(options, layout, progress: null, ct);
        return $"{options.Customers:N0} customers, {options.Days} days from {options.StartDate:yyyy-MM-dd}, seed {seed}: {summary.TelematicsEvents:N0} telematics events, {summary.Incidents:N0} incidents";
    }

    private static Task<string> EtlAsync(DataLayout layout, CancellationToken ct)
    {
        using var lake = LakehousePipeline.Open(layout);
        var result = lake.RunEtl(progress: null, ct);
        var quarantined = result.Reports.Sum(r => r.Quarantined);
        var newBatches = result.Batches.Count(b => !b.Skipped);
        return Task.FromResult(newBatches == 0
            ? "no new batches; lakehouse up to date"
            : $"{newBatches} new batches, {result.Reports.Sum(r => r.RowsOut):N0} silver rows kept, {quarantined:N0} quarantined (riskops quality)");
    }

    private static async Task<string> FeaturesAsync(DataLayout layout, CancellationToken ct)
    {
        using var store = FeatureStore.Open(layout);
        await store.ApplyBuiltInsAsync(ct);
        var report = await store.MaterializeIncrementalAsync(views: null, ct);
        return $"{report.Views.Count} views materialized, {report.Views.Sum(v => v.RowsWritten):N0} online rows written";
    }

    private static async Task<string> TrainAsync(DataLayout layout, int seed, bool retrain, CancellationToken ct)
    {
        var registry = await SqliteModelRegistry.OpenAsync(layout, cancellationToken: ct);
        var lines = new List<string>();
        foreach (var model in s_models)
        {
            var name = BuiltInWorld.ModelName(model);
            if (!retrain && await ProductionOrNullAsync(registry, name, ct) is { } existing)
            {
                lines.Add($"{name} v{existing.Version} in Production (reused)");
                continue;
            }

            var clock = Stopwatch.StartNew();
            // A sample of the demand targets (the default is the whole world) keeps the demo within minutes.
            var built = await BuiltInWorld.BuildAsync(layout, model, ct, demandRows: 150_000);

            // A small search keeps the demo within minutes; `riskops train` runs the full one.
            var options = new TrainingOptions
            {
                Seed = seed, Trials = 3, Folds = 3, MaxTrees = 100, AllowUnsortedTime = true,
                // Purged folds: without the purge, overlapping 30-day CRAI labels leak across folds and the search
                // picks the learner that memorizes customers (a FastTree at holdout ROC-AUC 0.58 on the default world).
                LabelHorizon = BuiltInWorld.LabelHorizon(model),
                Trainers = BuiltInWorld.DefaultTrainers(model),
                // Demand's bay attributes (points of interest) can be constant in a small world.
                DropDegenerateFeatures = model == BuiltInModel.Demand,
            };
            var request = new TrainingRequest(built.ModelName, built.Dataset, built.Reference, layout.RunsDir, built.FeatureService, built.FeatureServiceVersion);
            var dataSeconds = clock.Elapsed.TotalSeconds;
            var result = await Task.Run(() => new TrainingPipeline(TimeProvider.System).Run(request, options, progress: null, ct), ct);
            // Where the step's minutes go, per model: building the training set vs searching learners.
            var took = string.Create(CultureInfo.InvariantCulture, $"data {dataSeconds:0.0} s, search {clock.Elapsed.TotalSeconds - dataSeconds:0.0} s");
            var version = await registry.RegisterAsync(new RegistrationRequest(result.ArtifactDirectory, Actor: "riskops demo"), ct);
            var metric = result.Manifest.PrimaryMetric;
            var value = result.Manifest.Metrics.TryGetValue(metric, out var v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "?";
            string outcome;
            if (version.Stage == ModelStage.Production)
            {
                // Same seed, same data: training reproduced the Production artifact, which the registry returns as is.
                lines.Add($"{version.ModelName} v{version.Version} ({result.Report.Trainer}, holdout {metric} {value}; {took}) unchanged: same artifact as Production");
                continue;
            }
            try
            {
                await registry.PromoteAsync(version.ModelName, version.Version, new PromotionRequest(Actor: "riskops demo"), ct);
                outcome = "promoted to Production";
            }
            catch (PromotionRefusedException refused)
            {
                // The gate keeping the champion is the platform working as intended, not a demo failure.
                outcome = "kept the champion: " + refused.Message;
            }
            lines.Add($"{version.ModelName} v{version.Version} ({result.Report.Trainer}, holdout {metric} {value}; {took}) {outcome}");
        }
        return string.Join("; ", lines);
    }

    private static async Task<ProductionModel?> ProductionOrNullAsync(SqliteModelRegistry registry, string model, CancellationToken ct)
    {
        try
        {
            return await registry.GetProductionAsync(model, ct);
        }
        catch (ModelNotFoundException)
        {
            return null; // never registered yet: the first run trains it
        }
    }

    private static void PrintExamples(DataLayout layout, string urls)
    {
        var baseUrl = urls.Split(';')[0].TrimEnd('/');
        var customer = FirstId(Path.Combine(layout.RawDir, "customers", "customers.csv")) ?? "C000001";
        var bay = FirstId(Path.Combine(layout.RawDir, "bays", "bays.csv")) ?? "B0001";
        var start = TimeProvider.System.GetUtcNow().AddHours(1);
        var startText = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, 0, 0, TimeSpan.Zero).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var endText = DateTimeOffset.Parse(startText, CultureInfo.InvariantCulture).AddMinutes(45).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine("Try it (OpenAPI docs at " + baseUrl + "/docs):");
        Console.WriteLine($"  curl -s {baseUrl}/api/v1/predict/customer-risk -H 'Content-Type: application/json' -d '{{\"customer_id\":\"{customer}\"}}'");
        Console.WriteLine($"  curl -s {baseUrl}/api/v1/predict/demand -H 'Content-Type: application/json' -d '{{\"parking_bay_id\":\"{bay}\",\"prediction_time\":\"{startText}\"}}'");
        Console.WriteLine($"  curl -s {baseUrl}/api/v1/price/quote -H 'Content-Type: application/json' -d '{{\"customer_id\":\"{customer}\",\"vehicle_type\":\"car\",\"parking_bay_id\":\"{bay}\",\"start\":\"{startText}\",\"end\":\"{endText}\"}}'");
        var reported = TimeProvider.System.GetUtcNow();
        var incidentText = reported.AddHours(-6).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var reportedText = reported.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        Console.WriteLine($"  curl -s {baseUrl}/api/v1/predict/claim -H 'Content-Type: application/json' -d '{{\"claim_id\":\"K-DEMO-1\",\"customer_id\":\"{customer}\",\"claim_type\":\"collision\",\"amount_eur\":2400,\"policy_tenure_months\":18,\"prior_claims\":1,\"incident_at\":\"{incidentText}\",\"reported_at\":\"{reportedText}\",\"description\":\"rear-ended at a junction\"}}'");
        Console.WriteLine($"  curl -s {baseUrl}/api/v1/models/current");
        Console.WriteLine($"  curl -s {baseUrl}/health/ready");
        Console.WriteLine($"  curl -s {baseUrl}/metrics");
        Console.WriteLine();
    }

    /// <summary>The id in the first data row of a reference CSV, so the printed examples name an entity that exists.</summary>
    private static string? FirstId(string csv)
    {
        if (!File.Exists(csv))
        {
            return null;
        }
        using var reader = new StreamReader(csv);
        reader.ReadLine();
        return reader.ReadLine()?.Split(',')[0];
    }
}
