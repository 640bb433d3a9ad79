using System.CommandLine;
using System.Globalization;
using System.Reflection;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Registry;
using RiskOps.Registry.Sqlite;
using RiskOps.Training;
using RiskOps.Training.Data;
using RiskOps.Training.Modeling;
using RiskOps.Training.Specs;
using RiskOps.Training.World;
using Spectre.Console;

namespace RiskOps.Cli.Commands;

/// <summary><c>riskops train --dataset spec.yaml</c>: train, evaluate and write a model artifact from any tabular dataset.</summary>
internal static class TrainCommand
{
    private static readonly Option<string?> s_dataset = new("--dataset") { Description = "YAML dataset spec (see docs/training.md)." };
    private static readonly Option<string[]> s_trainer = new("--trainer")
    {
        Recursive = true,
        Description = "Learners to try: lightgbm, fasttree, glm (repeatable; default: every learner supporting the task; glm for `train crai`).",
        AllowMultipleArgumentsPerToken = true,
    };
    private static readonly Option<int> s_trials = new("--trials") { Recursive = true, Description = "Configurations sampled per learner.", DefaultValueFactory = _ => 8 };
    private static readonly Option<string?> s_timeBudget = new("--time-budget") { Recursive = true, Description = "Search wall-time budget: 90, 90s, 5m, 1h." };
    private static readonly Option<int> s_seed = new("--seed") { Recursive = true, Description = "Seed for splits, search and learners.", DefaultValueFactory = _ => 42 };
    private static readonly Option<int> s_folds = new("--folds") { Recursive = true, Description = "Cross-validation folds.", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> s_trees = new("--trees") { Recursive = true, Description = "Tree budget at the last successive-halving rung.", DefaultValueFactory = _ => 200 };
    private static readonly Option<string> s_imbalance = new("--imbalance") { Recursive = true, Description = "auto, weight or none.", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string> s_calibration = new("--calibration") { Recursive = true, Description = "auto, platt, isotonic or none.", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string> s_glmFamily = new("--glm-family") { Recursive = true, Description = "GLM family for regression: gaussian or gamma (default gaussian; gamma for `train claims-severity`).", DefaultValueFactory = _ => "gaussian" };
    private static readonly Option<int?> s_threads = new("--threads") { Recursive = true, Description = "Learner threads (default: all cores)." };
    private static readonly Option<bool> s_noBlend = new("--no-blend")
    {
        Recursive = true,
        Description = "Count and regression tasks: keep the cross-validation champion alone instead of weighing the learners into a blend on the latest development block.",
    };
    private static readonly Option<bool> s_noRegister = new("--no-register") { Recursive = true, Description = "Leave the artifact in runs/ without registering it." };
    private static readonly Option<string[]> s_alias = new("--alias") { Recursive = true, Description = "Aliases to point at the new version (e.g. challenger).", AllowMultipleArgumentsPerToken = true };

    public static Command Create()
    {
        var command = new Command("train", "Train, evaluate (JSON + HTML report) and write a model artifact under <data-dir>/runs/.");
        foreach (var option in new Option[] { s_dataset, s_trainer, s_trials, s_timeBudget, s_seed, s_folds, s_trees, s_imbalance, s_calibration, s_glmFamily, s_threads, s_noBlend, s_noRegister, s_alias })
        {
            command.Options.Add(option);
        }
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var specPath = parseResult.GetValue(s_dataset)
                ?? throw new DatasetSpecException("give --dataset spec.yaml (a CSV or Parquet file described by a YAML spec), or train crai|claims|claims-frequency|claims-severity|demand");
            var spec = DatasetSpecLoader.Load(specPath);
            var loaded = await DatasetReader.ReadAsync(spec, ct);
            var options = Options(parseResult) with
            {
                HoldoutFraction = spec.HoldoutFraction,
                AllowUnsortedTime = spec.AllowUnsortedTime,
                DropDegenerateFeatures = spec.DropDegenerateFeatures,
                FairnessRatio = spec.FairnessRatio,
                ReviewCost = spec.ReviewCost,
            };
            var reference = new TrainingDataReference([Path.GetFileName(spec.Data!)], TimeProvider.System.GetUtcNow(), loaded.Data.RowCount, spec.Data);
            return await TrainAsync(parseResult, new TrainingRequest(spec.Name!, loaded, reference, CommonOptions.Layout(parseResult).RunsDir), options, ct);
        }, cancellationToken));
        foreach (var model in Enum.GetValues<BuiltInModel>())
        {
            command.Subcommands.Add(BuiltIn(model));
        }
        return command;
    }

    private static Command BuiltIn(BuiltInModel model)
    {
        var (name, description) = model switch
        {
            BuiltInModel.Crai => ("crai", "Customer risk (incident in the next 30 days) on the built-in world, features from the `crai` service."),
            BuiltInModel.Claims => ("claims", "Claims triage (rejected or fraud among decided claims), features from `claims_triage`."),
            BuiltInModel.ClaimsFrequency => ("claims-frequency",
                "Claim frequency: claims per customer per 30-day period, Poisson with exposure = contract years in the period (GLM with log-exposure offset, FastTree Tweedie), features from `claims_frequency`."),
            BuiltInModel.ClaimsSeverity => ("claims-severity",
                "Claim severity: paid amount of paid claims (Gamma GLM with log link unless --glm-family says otherwise, LightGBM, FastTree), features from `claims_severity`."),
            _ => ("demand", "Bookings per bay per 15-minute bucket up to 24 hours ahead (multi-horizon), features from `demand`; reports R² against the true rate and the surge class."),
        };
        var command = new Command(name, description + " Labels come from gold; the oracle from ground truth when present.");
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var layout = CommonOptions.Layout(parseResult);
            var options = Options(parseResult) with { DropDegenerateFeatures = true, LabelHorizon = BuiltInWorld.LabelHorizon(model) };
            if (options.Trainers.Count == 0)
            {
                options = options with { Trainers = BuiltInWorld.DefaultTrainers(model) };
            }
            if (model == BuiltInModel.ClaimsSeverity && parseResult.GetResult(s_glmFamily) is null or { Implicit: true })
            {
                // Claim amounts are positive and right-skewed with a spread that grows with the mean: Gamma, log link.
                options = options with { GlmFamily = "gamma" };
            }
            Console.Error.WriteLine($"building the {name} training set from gold through the feature store");
            var built = await BuiltInWorld.BuildAsync(layout, model, ct);
            var request = new TrainingRequest(built.ModelName, built.Dataset, built.Reference, layout.RunsDir, built.FeatureService, built.FeatureServiceVersion);
            return await TrainAsync(parseResult, request, options, ct);
        }, cancellationToken));
        return command;
    }

    private static TrainingOptions Options(ParseResult parseResult) => new()
    {
        Trainers = [.. (parseResult.GetValue(s_trainer) ?? []).Select(ParseTrainer)],
        Trials = parseResult.GetValue(s_trials),
        TimeBudget = ParseBudget(parseResult.GetValue(s_timeBudget)),
        Seed = parseResult.GetValue(s_seed),
        Folds = parseResult.GetValue(s_folds),
        MaxTrees = parseResult.GetValue(s_trees),
        Imbalance = parseResult.GetValue(s_imbalance)!,
        Calibration = parseResult.GetValue(s_calibration)!,
        GlmFamily = parseResult.GetValue(s_glmFamily) is "gaussian" or "gamma" ? parseResult.GetValue(s_glmFamily)!
            : throw new DatasetSpecException($"--glm-family: '{parseResult.GetValue(s_glmFamily)}' is not one of gaussian, gamma"),
        Threads = parseResult.GetValue(s_threads),
        Blend = !parseResult.GetValue(s_noBlend),
        CodeVersion = CodeVersion(),
    };

    private static async Task<int> TrainAsync(ParseResult parseResult, TrainingRequest request, TrainingOptions options, CancellationToken ct)
    {
        var result = await Task.Run(() => new TrainingPipeline(TimeProvider.System).Run(request, options, new ConsoleProgress(), ct), ct);
        Print(result);
        if (!parseResult.GetValue(s_noRegister))
        {
            await RegisterAsync(CommonOptions.Layout(parseResult), result, parseResult.GetValue(s_alias) ?? [], ct);
        }
        return 0;
    }

    internal static async Task RegisterAsync(DataLayout layout, TrainingResult result, IReadOnlyList<string> aliases, CancellationToken cancellationToken)
    {
        var registry = await SqliteModelRegistry.OpenAsync(layout, cancellationToken: cancellationToken);
        var version = await registry.RegisterAsync(
            new RegistrationRequest(result.ArtifactDirectory, result.Manifest.CodeVersion, Aliases: aliases), cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"registered [bold]{version.ModelName}:{version.Version}[/] (stage {version.Stage}); promote with `riskops models promote {version.ModelName}:{version.Version}`");
    }

    internal static TrainerKind ParseTrainer(string name) => name.Trim().ToLowerInvariant() switch
    {
        "lightgbm" => TrainerKind.LightGbm,
        "fasttree" => TrainerKind.FastTree,
        "glm" => TrainerKind.Glm,
        _ => throw new DatasetSpecException($"--trainer: '{name}' is not one of lightgbm, fasttree, glm"),
    };

    internal static TimeSpan? ParseBudget(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var unit = char.IsLetter(text[^1]) ? text[^1] : 's';
        var number = char.IsLetter(text[^1]) ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new DatasetSpecException($"--time-budget: '{text}' is not a duration like 90, 90s, 5m or 1h");
        }
        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => throw new DatasetSpecException($"--time-budget: unknown unit '{unit}' (use s, m or h)"),
        };
    }

    private static string? CodeVersion() =>
        Environment.GetEnvironmentVariable("RISKOPS_CODE_VERSION")
        ?? typeof(TrainCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    private static void Print(TrainingResult result)
    {
        var report = result.Report;
        var rows = report.Rows;
        var chosen = report.Blend is { Adopted: true } blend
            ? $"blend of {blend.DescribeWeights()} chosen on the latest development block"
            : $"{report.Trainer} chosen by cross-validation";
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{report.ModelName}[/]: {chosen} ({report.ValidationScheme}); rows {rows.Source} source, {rows.Accepted} accepted, {rows.Quarantined} quarantined, {rows.Development} development, {rows.Holdout} holdout");
        var table = new Table().AddColumn("holdout metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (name, value) in report.Metrics)
        {
            table.AddRow(name, value.ToString("G5", CultureInfo.InvariantCulture));
        }
        if (report.Oracle is { } oracle)
        {
            table.AddRow($"oracle {oracle.Metric}", oracle.Oracle.ToString("G5", CultureInfo.InvariantCulture));
            table.AddRow("efficiency", oracle.Efficiency.ToString("P1", CultureInfo.InvariantCulture));
        }
        if (report.ClairvoyantOracle is { } clairvoyant)
        {
            table.AddRow($"clairvoyant oracle {clairvoyant.Metric}", clairvoyant.Oracle.ToString("G5", CultureInfo.InvariantCulture));
            table.AddRow("clairvoyant efficiency", clairvoyant.Efficiency.ToString("P1", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        foreach (var flag in report.FairnessFlags)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]fairness flag[/]: {flag}");
        }
        AnsiConsole.MarkupLineInterpolated($"artifact: {result.ArtifactDirectory}");
        AnsiConsole.MarkupLineInterpolated($"report:   {Path.Combine(result.ArtifactDirectory, "report.html")}");
    }

    /// <summary>Writes progress lines to stderr as they happen (synchronously, so they stay in order).</summary>
    private sealed class ConsoleProgress : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine($"[{TimeProvider.System.GetUtcNow():HH:mm:ss}] {value}");
    }
}
