using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using RiskOps.Core.Modeling;
using RiskOps.Models.Artifacts;
using RiskOps.Training.Data;
using RiskOps.Training.Modeling;

namespace RiskOps.Training.Tests;

public sealed class TrainingPipelineTests
{
    private static readonly TrainingOptions s_fast = new() { Trials = 2, Folds = 3, MaxTrees = 30, Seed = 7, Threads = 1 };

    private static TrainingResult Train(TabularData data, string runs, TrainingOptions options) =>
        new TrainingPipeline(new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero))).Run(
            new TrainingRequest("test-model", new LoadedDataset(data, data.RowCount, [], new Dictionary<string, long>(), new Dictionary<string, long>()),
                new TrainingDataReference(["synthetic"], DateTimeOffset.UnixEpoch, data.RowCount), runs),
            options, null, TestContext.Current.CancellationToken);

    [Fact]
    public void Run_BinaryApproachesTheOracleAndTheArtifactReloads()
    {
        using var temp = new TempDirectory();
        var data = SyntheticData.Binary(4000, seed: 15);

        var result = Train(data, temp.Path, s_fast);

        var report = result.Report;
        Assert.Equal("expanding-window-time-series", report.ValidationScheme);
        Assert.Equal(3, report.Comparison.Count);
        Assert.NotNull(report.Oracle);
        Assert.True(report.Oracle!.Efficiency > 0.9, $"efficiency {report.Oracle.Efficiency}");
        Assert.True(report.Calibration!.EceAfter < 0.08, $"ece {report.Calibration.EceAfter}");
        Assert.Equal(800, report.Rows.Holdout);
        Assert.Null(report.Blend); // binary models use the latest block for calibration: never blended
        Assert.Contains("report.html", Directory.GetFiles(result.ArtifactDirectory).Select(Path.GetFileName));
        Assert.Contains("data:image/png;base64,", File.ReadAllText(Path.Combine(result.ArtifactDirectory, "report.html")), StringComparison.Ordinal);

        using var predictor = ModelArtifact.Load(result.ArtifactDirectory);
        Assert.Equal(result.Manifest.Trainer, predictor.Manifest.Trainer);
        var rows = new List<IReadOnlyDictionary<string, object?>>
        {
            new Dictionary<string, object?> { ["speeding"] = 2.0, ["age"] = 25.0, ["region"] = "south" },
            new Dictionary<string, object?> { ["speeding"] = -2.0, ["age"] = 60.0, ["region"] = "north" },
            new Dictionary<string, object?> { ["speeding"] = null, ["age"] = 40.0, ["region"] = "never-seen-region" },
        };
        var predictions = predictor.Predict(rows);
        Assert.True(predictions[0].Value > predictions[1].Value);
        Assert.All(predictions, p => Assert.InRange(p.Value, 0, 1));
        var why = predictor.Explain(rows[0], 2);
        Assert.Equal(2, why.Count);
        Assert.Equal("speeding", why[0].Feature);
    }

    [Fact]
    public void Run_PredictorIsThreadSafe()
    {
        using var temp = new TempDirectory();
        var result = Train(SyntheticData.Binary(1500, seed: 16), temp.Path, s_fast with { Trainers = [TrainerKind.LightGbm] });
        using var predictor = ModelArtifact.Load(result.ArtifactDirectory);
        var rows = Enumerable.Range(0, 200).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["speeding"] = (i % 40 - 20) / 10.0, ["age"] = 20.0 + i % 50, ["region"] = SyntheticData.Regions[i % 4],
        }).ToList();
        var sequential = rows.Select(r => predictor.Predict([r])[0].Value).ToArray();

        var parallel = new double[rows.Count];
        Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = predictor.Predict([rows[i]])[0].Value);

        Assert.Equal(sequential, parallel);
        Assert.Equal(sequential, predictor.Predict(rows).Select(p => p.Value).ToArray());
    }

    [Fact]
    public void Run_PoissonWithExposureMatchesTheTrueRate()
    {
        using var temp = new TempDirectory();
        var data = SyntheticData.Poisson(5000, seed: 17, out var trueRate);

        var result = Train(data, temp.Path, s_fast);

        var report = result.Report;
        Assert.Equal("stratified-k-fold", report.ValidationScheme);
        Assert.DoesNotContain(report.Comparison, c => c.Trainer == "lightgbm");
        Assert.True(report.Metrics["d2"] > 0.5 * report.Oracle!.Oracle, $"d2 {report.Metrics["d2"]} oracle {report.Oracle.Oracle}");
        Assert.Equal(report.Metrics["observed_rate"], report.Metrics["predicted_rate"], 1);
        using var predictor = ModelArtifact.Load(result.ArtifactDirectory);
        var rate = predictor.Predict([new Dictionary<string, object?> { ["x"] = 0.0, ["region"] = "east" }])[0].Value;
        Assert.Equal(Math.Exp(-1 + 0.7), rate, 0);
        _ = trueRate;
    }

    [Theory]
    [InlineData(TrainerKind.Glm)]
    [InlineData(TrainerKind.FastTree)]
    public void Run_CountModelIsRefittedOnTheLatestDevelopmentBlock(TrainerKind trainer)
    {
        // The rate steps from 1 to 3 at 70 % of time: inside the latest development block (60–80 % with 3 folds and a
        // 20 % holdout). A model fitted without that block predicts ~1 on the holdout; one fitted on the whole
        // development set has seen the step (1.25 for an intercept-only GLM; 1.13 for FastTree, whose few shrunk trees fall short).
        using var temp = new TempDirectory();
        const int n = 5000;
        var random = new Random(21);
        var noise = new double[n];
        var y = new double[n];
        var time = new long[n];
        var rate = new double[n];
        for (var i = 0; i < n; i++)
        {
            noise[i] = SyntheticData.Normal(random);
            rate[i] = i < 0.7 * n ? 1.0 : 3.0;
            y[i] = rate[i] - 1 + (i % 3); // counts averaging the rate
            time[i] = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i).Ticks;
        }
        var data = new TabularData
        {
            Task = ModelTask.PoissonWithExposure,
            Target = y,
            Exposure = [.. Enumerable.Repeat(1.0, n)],
            Time = time,
            Oracle = rate,
            Features = [new("noise", FeatureKind.Numeric)],
            Numeric = new() { ["noise"] = noise },
        };

        var result = Train(data, temp.Path, s_fast with { Trainers = [trainer] });

        Assert.Equal("expanding-window-time-series", result.Report.ValidationScheme);
        Assert.True(result.Report.Metrics["predicted_rate"] > 1.1, $"predicted rate on the holdout {result.Report.Metrics["predicted_rate"]}");
    }

    [Fact]
    public void Run_CountLearnersAreBlendedWhenTheBlendBeatsTheChampionOnTheLatestBlock()
    {
        using var temp = new TempDirectory();
        var data = SyntheticData.LinearPlusStepPoisson(6000, seed: 23);

        var result = Train(data, temp.Path, s_fast with { Trainers = [TrainerKind.Glm, TrainerKind.FastTree] });

        var blend = result.Report.Blend;
        Assert.NotNull(blend);
        Assert.True(blend!.Adopted, $"block {blend.BlockScore} against the champion's {blend.ChampionBlockScore}");
        Assert.True(blend.BlockScore < blend.ChampionBlockScore);
        Assert.Equal(2, blend.Weights.Count);
        Assert.Equal(1.0, blend.Weights.Sum(w => w.Weight), 9);
        Assert.Equal("blend", result.Manifest.Trainer);
        Assert.Contains(result.Report.Comparison, c => c.Chosen && c.Trainer.StartsWith("blend", StringComparison.Ordinal));
        Assert.Equal(result.Report.Metrics["poisson_deviance"], blend.Holdout, 9);
        Assert.Contains("fasttree.trees", result.Manifest.Parameters.Keys);
        Assert.Contains("glm.l2", result.Manifest.Parameters.Keys);
        Assert.Equal(blend.DescribeWeights(), result.Manifest.Parameters["blend"]);
        Assert.Contains("<b>adopted</b>", File.ReadAllText(Path.Combine(result.ArtifactDirectory, "report.html")), StringComparison.Ordinal);

        // The artifact reloads as the same blend: its holdout deviance, recomputed from the reloaded predictor, is the report's.
        using var predictor = ModelArtifact.Load(result.ArtifactDirectory);
        var holdout = Enumerable.Range(data.RowCount - (int)result.Report.Rows.Holdout, (int)result.Report.Rows.Holdout).ToArray();
        var rows = holdout.Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["x"] = data.Numeric["x"][i], ["z"] = data.Numeric["z"][i] }).ToList();
        var rates = predictor.Predict(rows).Select(p => p.Value).ToArray();
        var deviance = Evaluation.Metrics.PoissonDeviance([.. holdout.Select(i => data.Target[i])], rates, [.. holdout.Select(_ => 1.0)]);
        Assert.Equal(blend.Holdout, deviance, 4);
        Assert.True(predictor.Explain(rows[0], 2).Count == 2);
    }

    [Fact]
    public void Run_RegressionBlendOverThreeLearnersReloadsWithTheReportedHoldoutError()
    {
        // y = 2·x + 3·[z > 0.5] + noise, in time order: LightGBM (whose final fit leaves the latest block out),
        // FastTree and the GLM (refitted without it for the choice) all take part in the weighing.
        using var temp = new TempDirectory();
        const int n = 5000;
        var random = new Random(29);
        var x = new double[n];
        var z = new double[n];
        var y = new double[n];
        var time = new long[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = SyntheticData.Normal(random);
            z[i] = random.NextDouble();
            y[i] = (2 * x[i]) + (z[i] > 0.5 ? 3 : 0) + SyntheticData.Normal(random);
            time[i] = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i).Ticks;
        }
        var data = new TabularData
        {
            Task = ModelTask.Regression,
            Target = y,
            Time = time,
            Features = [new("x", FeatureKind.Numeric), new("z", FeatureKind.Numeric)],
            Numeric = new() { ["x"] = x, ["z"] = z },
        };

        var result = Train(data, temp.Path, s_fast);

        var blend = result.Report.Blend;
        Assert.NotNull(blend);
        Assert.Equal(3, result.Report.Comparison.Count(c => c.Trainer is "lightgbm" or "fasttree" or "glm"));
        Assert.True(blend!.Adopted, $"{blend.DescribeWeights()}: {blend.BlockScore} against {blend.ChampionBlockScore}");
        Assert.Equal("blend", result.Manifest.Trainer);
        Assert.True(blend.BlockScore < blend.ChampionBlockScore);
        Assert.True(blend.Weights.Count >= 2);
        Assert.Equal(1.0, blend.Weights.Sum(w => w.Weight), 9);
        using var predictor = ModelArtifact.Load(result.ArtifactDirectory);
        var holdout = Enumerable.Range(n - (int)result.Report.Rows.Holdout, (int)result.Report.Rows.Holdout).ToArray();
        var predictions = predictor.Predict([.. holdout.Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["x"] = x[i], ["z"] = z[i] })]);
        var rmse = Math.Sqrt(holdout.Select((row, k) => Math.Pow(y[row] - predictions[k].Value, 2)).Average());
        Assert.Equal(result.Report.Metrics["rmse"], rmse, 4);
    }

    [Fact]
    public void Run_WithoutBlendKeepsTheCrossValidationChampion()
    {
        using var temp = new TempDirectory();
        var data = SyntheticData.LinearPlusStepPoisson(6000, seed: 23);

        var result = Train(data, temp.Path, s_fast with { Trainers = [TrainerKind.Glm, TrainerKind.FastTree], Blend = false });

        Assert.Null(result.Report.Blend);
        Assert.Contains(result.Manifest.Trainer, new[] { "glm", "fasttree" });
        Assert.Single(result.Report.Comparison, c => c.Chosen);
    }

    [Fact]
    public void Run_SameSeedGivesTheSameSearchAndMetrics()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var options = s_fast with { Trainers = [TrainerKind.LightGbm, TrainerKind.Glm] };
        var first = Train(SyntheticData.Binary(1500, seed: 18), a.Path, options);
        var second = Train(SyntheticData.Binary(1500, seed: 18), b.Path, options);

        Assert.Equal(
            File.ReadAllText(Path.Combine(first.RunDirectory, "search.json")),
            File.ReadAllText(Path.Combine(second.RunDirectory, "search.json")).Replace(b.Path, a.Path, StringComparison.Ordinal));
        Assert.Equal(first.Manifest.Metrics["roc_auc"], second.Manifest.Metrics["roc_auc"]);
    }

    [Fact]
    public void Run_ManifestRoundTripsAsJson()
    {
        using var temp = new TempDirectory();
        var result = Train(SyntheticData.Binary(1200, seed: 19), temp.Path, s_fast with { Trainers = [TrainerKind.Glm] });
        var manifest = ModelArtifact.ReadManifest(result.ArtifactDirectory);
        Assert.Equal("glm", manifest.Trainer);
        Assert.Equal(ModelTask.Binary, manifest.Signature.Task);
        Assert.Equal(["speeding", "age", "region"], manifest.Signature.Inputs.Select(i => i.Name));
        Assert.True(manifest.HigherIsBetter);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.ArtifactDirectory, "evaluation.json")));
        Assert.True(json.RootElement.GetProperty("fairness").GetArrayLength() > 0);
        Assert.Equal(3, json.RootElement.GetProperty("importance").GetArrayLength());
    }

    [Fact]
    public void Run_DropsDegenerateFeaturesOnlyWhenAskedAndReportsThem()
    {
        using var temp = new TempDirectory();
        var source = SyntheticData.Binary(1500, seed: 20);
        var data = new TabularData
        {
            Task = source.Task, Target = source.Target, Time = source.Time, Ids = source.Ids, ClassLabels = source.ClassLabels,
            Features = [.. source.Features, new("tenure_days", FeatureKind.Numeric)],
            Numeric = new(source.Numeric) { ["tenure_days"] = new double[source.RowCount] },
            Categorical = source.Categorical,
        };

        Assert.Throws<TrainingDataException>(() => Train(data, temp.Path, s_fast with { Trainers = [TrainerKind.Glm] }));
        var result = Train(data, temp.Path, s_fast with { Trainers = [TrainerKind.Glm], DropDegenerateFeatures = true });

        Assert.Equal(["tenure_days: constant (0)"], result.Report.DroppedFeatures);
        Assert.DoesNotContain(result.Manifest.Signature.Inputs, i => i.Name == "tenure_days");
    }

    [Fact]
    public void Run_MulticlassPredictsClassProbabilities()
    {
        using var temp = new TempDirectory();
        var random = new Random(21);
        var n = 1500;
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = SyntheticData.Normal(random);
            y[i] = (x[i] + 0.3 * SyntheticData.Normal(random)) switch { < -0.5 => 0, < 0.5 => 1, _ => 2 };
        }
        var data = new TabularData
        {
            Task = ModelTask.Multiclass, Target = y, ClassLabels = ["low", "medium", "high"],
            Features = [new("x", FeatureKind.Numeric)], Numeric = new() { ["x"] = x },
        };

        var result = Train(data, temp.Path, s_fast);

        Assert.Equal(["lightgbm"], result.Report.Comparison.Select(c => c.Trainer));
        Assert.True(result.Report.Metrics["accuracy"] > 0.7, $"accuracy {result.Report.Metrics["accuracy"]}");
        using var predictor = ModelArtifact.Load(result.ArtifactDirectory);
        var p = predictor.Predict([new Dictionary<string, object?> { ["x"] = 2.0 }])[0];
        Assert.Equal(2, p.Value);
        Assert.Equal(1, p.ClassProbabilities!.Sum(), 6);
        Assert.Equal(["low", "medium", "high"], predictor.Manifest.Signature.ClassLabels);
    }
}
