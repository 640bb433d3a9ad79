using System.Globalization;
using System.Text;
using System.Text.Json;
using RiskOps.Core.Modeling;
using RiskOps.Models;
using RiskOps.Models.Artifacts;
using RiskOps.Models.Calibration;
using RiskOps.Models.Scoring;
using RiskOps.Training.Data;
using RiskOps.Training.Evaluation;
using RiskOps.Training.Modeling;
using RiskOps.Training.Search;
using RiskOps.Training.Validation;

namespace RiskOps.Training;

/// <summary>
/// One training run: validate the data, plan time-aware folds and the out-of-time holdout, search
/// each learner, fit the best configuration with early stopping on the latest development block,
/// calibrate on that block, evaluate once on the holdout, and write the artifact and the report.
/// </summary>
public sealed class TrainingPipeline(TimeProvider timeProvider)
{
    /// <summary>Runs training end to end; throws a RiskOpsException subclass for bad input.</summary>
    public TrainingResult Run(TrainingRequest request, TrainingOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var data = request.Dataset.Data;
        var task = data.Task;
        var dropped = options.DropDegenerateFeatures ? DataValidator.DegenerateFeatures(data) : [];
        if (dropped.Count > 0)
        {
            foreach (var (feature, reason) in dropped)
            {
                progress?.Report($"dropping feature '{feature}': {reason}");
            }
            data = data.WithoutFeatures(dropped.Select(d => d.Feature).ToHashSet(StringComparer.Ordinal));
            if (data.Features.Count == 0)
            {
                throw new TrainingDataException("every feature is constant or missing; there is nothing to learn from");
            }
        }
        DataValidator.Validate(data, options.AllowUnsortedTime);
        var plan = FoldPlanner.Plan(data, options.Folds, options.HoldoutFraction, options.Seed, options.LabelHorizon);
        progress?.Report($"rows: {request.Dataset.SourceRows} in source, {data.RowCount} accepted, {request.Dataset.Quarantined.Count} quarantined; " +
                         $"{plan.Development.Length} development, {plan.Holdout.Length} holdout ({plan.Scheme}, {plan.Folds.Count} folds)");

        var encoder = EncoderFitter.Fit(data, plan.Development);
        var (numericBaseline, categoricalBaseline) = EncoderFitter.Baselines(data, plan.Development);
        var development = EncodedSet.Build(data, encoder, plan.Development);
        var holdout = EncodedSet.Build(data, encoder, plan.Holdout);
        var position = new Dictionary<int, int>(plan.Development.Length);
        for (var p = 0; p < plan.Development.Length; p++)
        {
            position[plan.Development[p]] = p;
        }
        var folds = plan.Folds.Select(f => (Train: f.Train.Select(i => position[i]).ToArray(), Validation: f.Validation.Select(i => position[i]).ToArray())).ToList();
        var classes = task == ModelTask.Multiclass ? Math.Max(data.ClassLabels.Count, (int)data.Target.Max() + 1) : 0;
        var positiveWeight = PositiveWeight(task, development.Y, options.Imbalance);

        var trainers = (options.Trainers.Count > 0 ? options.Trainers : Enum.GetValues<TrainerKind>()).Where(k => ModelFitter.Supports(k, task)).ToList();
        if (trainers.Count == 0)
        {
            throw new TrainingDataException($"none of the requested trainers ({string.Join(", ", options.Trainers)}) supports task {task}");
        }
        var search = new HyperparameterSearch(timeProvider);
        var settings = new SearchSettings(options.Trials, options.TimeBudget, options.MaxTrees, options.Seed, options.Threads);
        // The latest development block calibrates binary models and early-stops LightGBM; the rest trains them.
        var calibrationPositions = folds[^1].Validation;
        var fitPositions = folds[^1].Train;
        var fitSet = development.Slice(fitPositions);
        var calibrationSet = development.Slice(calibrationPositions);

        var candidates = new List<Candidate>();
        var allTrials = new List<SearchTrial>();
        var stoppedByBudget = false;
        foreach (var kind in trainers)
        {
            var outcome = search.Run(kind, task, development, folds, classes, positiveWeight, options.GlmFamily, settings, started, progress, cancellationToken);
            allTrials.AddRange(outcome.Trials);
            stoppedByBudget |= outcome.StoppedByBudget;
            // The latest block is held out of the final fit only where it has a job there: calibrating a binary model, or
            // early-stopping LightGBM. Otherwise (a count or regression GLM, FastTree with the searched tree count) the
            // configuration is refitted on the whole development set, so the model also learns from its most recent rows.
            var finalSet = task == ModelTask.Binary || kind == TrainerKind.LightGbm ? fitSet : development;
            var scorer = ModelFitter.Fit(kind, task, finalSet, kind == TrainerKind.LightGbm ? calibrationSet : null, outcome.Best, classes, positiveWeight,
                options.GlmFamily, options.Seed, options.Threads, cancellationToken);
            ProbabilityCalibrator? calibrator = null;
            double? threshold = null;
            if (task == ModelTask.Binary)
            {
                var calibrationLink = new double[calibrationSet.Rows * scorer.Outputs];
                scorer.Score(calibrationSet.X, calibrationSet.Rows, calibrationLink);
                calibrator = FitCalibrator(options.Calibration, calibrationLink, calibrationSet.Y);
                threshold = ChooseThreshold([.. calibrationLink.Select(calibrator.Apply)], calibrationSet.Y,
                    data.Cost is null ? null : [.. calibrationSet.Index.Select(i => data.Cost[i])], options.ReviewCost);
            }
            var holdoutLink = new double[holdout.Rows * scorer.Outputs];
            scorer.Score(holdout.X, holdout.Rows, holdoutLink);
            var holdoutScore = PrimaryMetric.Compute(task, holdoutLink, holdout.Y, holdout.Exposure, classes);
            candidates.Add(new Candidate(kind, outcome, scorer, calibrator, threshold, holdoutScore, SawLatestBlock: finalSet == development));
            progress?.Report($"{kind}: best cv {PrimaryMetric.Name(task)} {outcome.BestScore:F5}, holdout {holdoutScore:F5}");
        }

        // The champion is chosen on cross-validation; the holdout only reports.
        var champion = candidates.Aggregate((a, b) => PrimaryMetric.Better(task, b.Search.BestScore, a.Search.BestScore) ? b : a);
        var blend = options.Blend && task is ModelTask.PoissonWithExposure or ModelTask.Regression && candidates.Count >= 2
            ? ChooseBlend(candidates, champion, task, fitSet, calibrationSet, classes, positiveWeight, options, progress, cancellationToken)
            : null;
        var adopted = blend is { Summary.Adopted: true } ? blend : null;
        IReadOnlyList<Candidate> kept = adopted?.Parts ?? [champion];
        foreach (var other in candidates.Except(kept))
        {
            other.Scorer.Dispose();
        }
        LinkScorer chosenScorer = adopted is null ? champion.Scorer : new BlendScorer([.. kept.Select(c => c.Scorer)], [.. adopted.Summary.Weights.Select(w => w.Weight)]);

        var runId = $"{Slug(request.ModelName)}-{timeProvider.GetUtcNow():yyyyMMdd'T'HHmmss}-s{options.Seed}";
        var runDirectory = Path.Combine(request.RunsDirectory, runId);
        var artifactDirectory = Path.Combine(runDirectory, "model");
        Directory.CreateDirectory(runDirectory);

        var output = new ModelOutput(task, champion.Calibrator, numericBaseline, categoricalBaseline, champion.Threshold);
        var parameters = new Dictionary<string, string>(
            adopted is null
                ? champion.Search.Best.ToDictionary(champion.Kind)
                : kept.SelectMany(part => part.Search.Best.ToDictionary(part.Kind).Select(kv => KeyValuePair.Create($"{TrainerName(part.Kind)}.{kv.Key}", kv.Value))),
            StringComparer.Ordinal)
        {
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["validation"] = plan.Scheme,
            ["folds"] = options.Folds.ToString(CultureInfo.InvariantCulture),
            ["holdout_fraction"] = options.HoldoutFraction.ToString(CultureInfo.InvariantCulture),
            ["positive_weight"] = positiveWeight.ToString("G6", CultureInfo.InvariantCulture),
            ["calibration"] = champion.Calibrator?.Method ?? "none",
            ["search"] = $"random+successive-halving trials={options.Trials}",
        };
        if (adopted is not null)
        {
            parameters["blend"] = adopted.Summary.DescribeWeights();
        }
        if (champion.Threshold is { } t)
        {
            parameters["threshold"] = t.ToString("G6", CultureInfo.InvariantCulture);
        }
        var signature = new ModelSignature(task, data.Features, request.FeatureService, request.FeatureServiceVersion,
            task is ModelTask.Multiclass ? data.ClassLabels : null);
        var provisional = new ModelManifest(request.ModelName, adopted is null ? TrainerName(champion.Kind) : BlendScorer.Kind, signature, request.DataReference, options.CodeVersion,
            parameters, new Dictionary<string, double>(), PrimaryMetric.Name(task), PrimaryMetric.HigherIsBetter(task), "report.html");
        var predictor = new RiskPredictor(provisional, encoder, chosenScorer, output);

        progress?.Report("evaluating on the holdout");
        var evaluation = Evaluator.Evaluate(new EvaluationContext(predictor, data, holdout, classes, champion.Threshold ?? 0.5,
            options.ReviewCost, options.FairnessRatio, options.Seed), cancellationToken);
        var calibrationSummary = task == ModelTask.Binary ? Calibration(champion, holdout, evaluation.Predictions, positiveWeight) : null;

        // The blend's holdout score is the evaluation's primary metric: the same computation the learners' own scores had.
        var blendSummary = adopted is null ? blend?.Summary : adopted.Summary with { Holdout = evaluation.Metrics[PrimaryMetric.Name(task)] };
        if (blendSummary is { Adopted: true })
        {
            progress?.Report($"blend {blendSummary.DescribeWeights()}: latest block {blendSummary.Metric} {blendSummary.BlockScore:F5} " +
                             $"against {TrainerName(champion.Kind)}'s {blendSummary.ChampionBlockScore:F5}, holdout {blendSummary.Holdout:F5}");
        }

        var metrics = new Dictionary<string, double>(evaluation.Metrics, StringComparer.Ordinal)
        {
            [$"cv_{PrimaryMetric.Name(task)}"] = champion.Search.BestScore,
        };
        if (evaluation.Oracle is { } oracle)
        {
            metrics[$"oracle_{oracle.Metric}"] = oracle.Oracle;
            metrics["oracle_efficiency"] = oracle.Efficiency;
        }
        if (evaluation.ClairvoyantOracle is { } clairvoyant)
        {
            metrics[$"oracle_clairvoyant_{clairvoyant.Metric}"] = clairvoyant.Oracle;
            metrics["oracle_clairvoyant_efficiency"] = clairvoyant.Efficiency;
        }
        // The registry reads manifests as plain JSON numbers: an undefined metric (NaN) is left out, not written.
        var manifest = provisional with { Metrics = metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal) };
        var dataset = request.Dataset;
        var report = new EvaluationReport
        {
            ModelName = request.ModelName,
            Task = task,
            Trainer = manifest.Trainer,
            ValidationScheme = plan.Scheme,
            Rows = new RowCounts(dataset.SourceRows, data.RowCount, dataset.Quarantined.Count, plan.Development.Length, plan.Holdout.Length, calibrationSet.Rows),
            Metrics = evaluation.Metrics,
            PrimaryMetric = manifest.PrimaryMetric,
            CrossValidationScore = champion.Search.BestScore,
            Calibration = calibrationSummary,
            Confusion = evaluation.Confusion,
            Threshold = champion.Threshold,
            LiftByDecile = evaluation.Lift,
            Business = evaluation.Business,
            Fairness = evaluation.Fairness,
            FairnessFlags = evaluation.FairnessFlags,
            Importance = evaluation.Importance,
            Explanations = evaluation.Explanations,
            Oracle = evaluation.Oracle,
            ClairvoyantOracle = evaluation.ClairvoyantOracle,
            Comparison =
            [
                .. candidates.Select(c => new TrainerComparison(TrainerName(c.Kind), c.Search.BestScore, c.HoldoutScore, c == champion && adopted is null)),
                .. blendSummary is { Adopted: true } ? [new TrainerComparison($"{BlendScorer.Kind} ({blendSummary.DescribeWeights()})", double.NaN, blendSummary.Holdout, true)] : Array.Empty<TrainerComparison>(),
            ],
            Blend = blendSummary,
            Parameters = parameters,
            SearchTrials = allTrials.Count,
            SearchStoppedByBudget = stoppedByBudget,
            DroppedFeatures = [.. dropped.Select(d => $"{d.Feature}: {d.Reason}")],
            MissingByColumn = dataset.MissingByColumn,
            UnparseableByColumn = dataset.UnparseableByColumn,
        };

        ModelArtifact.Save(artifactDirectory, manifest, encoder, chosenScorer, output);
        var evaluationJson = JsonSerializer.Serialize(report, ArtifactJson.Options);
        File.WriteAllText(Path.Combine(artifactDirectory, "evaluation.json"), evaluationJson);
        File.WriteAllText(Path.Combine(artifactDirectory, "report.html"),
            HtmlReport.Render(report, evaluation.Predictions, holdout.Y));
        File.WriteAllText(Path.Combine(runDirectory, "search.json"), JsonSerializer.Serialize(allTrials, ArtifactJson.Options));
        WriteQuarantine(Path.Combine(runDirectory, "quarantine.csv"), dataset.Quarantined);
        predictor.Dispose();
        progress?.Report($"wrote {artifactDirectory}");
        return new TrainingResult(runDirectory, artifactDirectory, manifest, report);
    }

    /// <summary>Positive-row weight: deliberate re-weighting of a rare (or dominant) class, undone by calibration.</summary>
    internal static double PositiveWeight(ModelTask task, double[] y, string policy)
    {
        if (task != ModelTask.Binary || policy == "none")
        {
            return 1;
        }
        var rate = y.Average();
        var balanced = Math.Clamp((1 - rate) / rate, 0.05, 20);
        return policy switch
        {
            "weight" => balanced,
            "auto" => rate is < 0.2 or > 0.8 ? balanced : 1,
            _ => throw new TrainingDataException($"--imbalance must be auto, weight or none, got '{policy}'"),
        };
    }

    internal static ProbabilityCalibrator FitCalibrator(string method, double[] link, double[] y)
    {
        var positives = y.Count(v => v > 0.5);
        return method switch
        {
            "none" => ProbabilityCalibrator.None,
            "platt" => ProbabilityCalibrator.FitPlatt(link, y),
            "isotonic" => ProbabilityCalibrator.FitIsotonic(link, y),
            "auto" => link.Length >= 1000 && positives >= 50 ? ProbabilityCalibrator.FitIsotonic(link, y) : ProbabilityCalibrator.FitPlatt(link, y),
            _ => throw new TrainingDataException($"--calibration must be auto, platt, isotonic or none, got '{method}'"),
        };
    }

    /// <summary>The threshold maximising F1, or, when a cost column exists, minimising missed cost plus review cost.</summary>
    internal static double ChooseThreshold(double[] p, double[] y, double[]? cost, double reviewCost)
    {
        var candidates = p.Distinct().Order().ToArray();
        if (candidates.Length > 200)
        {
            candidates = [.. Enumerable.Range(1, 199).Select(q => candidates[q * candidates.Length / 200])];
        }
        var best = 0.5;
        var bestValue = double.NegativeInfinity;
        foreach (var t in candidates)
        {
            double value;
            if (cost is null)
            {
                value = Metrics.Confusion(p, y, t).F1;
            }
            else
            {
                double loss = 0;
                for (var i = 0; i < p.Length; i++)
                {
                    loss += p[i] >= t ? reviewCost : y[i] > 0.5 ? cost[i] : 0;
                }
                value = -loss;
            }
            if (value > bestValue)
            {
                bestValue = value;
                best = t;
            }
        }
        return best;
    }

    private static CalibrationSummary Calibration(Candidate champion, EncodedSet holdout, double[] calibrated, double positiveWeight)
    {
        var link = new double[holdout.Rows];
        champion.Scorer.Score(holdout.X, holdout.Rows, link);
        var raw = link.Select(ProbabilityCalibrator.Sigmoid).ToArray();
        var (_, eceBefore) = Metrics.Calibration(raw, holdout.Y);
        var (bins, eceAfter) = Metrics.Calibration(calibrated, holdout.Y);
        return new CalibrationSummary(champion.Calibrator?.Method ?? "none", eceBefore, eceAfter,
            Metrics.Brier(raw, holdout.Y), Metrics.Brier(calibrated, holdout.Y), bins, positiveWeight);
    }

    private static void WriteQuarantine(string path, IReadOnlyList<QuarantinedRow> rows)
    {
        var text = new StringBuilder("row,id,reason\n");
        foreach (var row in rows)
        {
            text.Append(row.Row.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Csv(row.Id)).Append(',').Append(Csv(row.Reason)).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }

    private static string Csv(string? value) => value is null ? "" : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Weights for a blend of the learners' final models, chosen on the latest development block: the one block every
    /// learner can be scored on without having been fitted on it (count and regression models are refitted on the whole
    /// development set, so for the choice they are fitted once more without it; LightGBM's final fit leaves it out
    /// already, reading it only to stop early). The weights run over a 0.1 grid on the simplex, scored by the task's
    /// primary metric in link space (a weighted geometric mean of rates under the log link). The blend is adopted only
    /// if it beats the cross-validation champion alone on that block; the holdout plays no part.
    /// </summary>
    private static BlendChoice ChooseBlend(IReadOnlyList<Candidate> candidates, Candidate champion, ModelTask task, EncodedSet fitSet, EncodedSet block,
        int classes, double positiveWeight, TrainingOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var links = new double[candidates.Count][];
        for (var c = 0; c < candidates.Count; c++)
        {
            var candidate = candidates[c];
            links[c] = new double[block.Rows];
            if (candidate.SawLatestBlock)
            {
                using var unseen = ModelFitter.Fit(candidate.Kind, task, fitSet, null, candidate.Search.Best, classes, positiveWeight,
                    options.GlmFamily, options.Seed, options.Threads, cancellationToken);
                unseen.Score(block.X, block.Rows, links[c]);
            }
            else
            {
                candidate.Scorer.Score(block.X, block.Rows, links[c]);
            }
        }

        var championIndex = candidates.ToList().IndexOf(champion);
        var championScore = PrimaryMetric.Compute(task, links[championIndex], block.Y, block.Exposure, classes);
        var best = (Weights: (int[]?)null, Score: double.NaN);
        var blended = new double[block.Rows];
        foreach (var tenths in Simplex(candidates.Count, 10))
        {
            if (tenths.Count(t => t > 0) < 2)
            {
                continue; // one learner alone is not a blend; the champion alone is the score to beat
            }
            Array.Clear(blended);
            for (var c = 0; c < candidates.Count; c++)
            {
                var weight = tenths[c] / 10.0;
                for (var r = 0; weight > 0 && r < blended.Length; r++)
                {
                    blended[r] += weight * links[c][r];
                }
            }
            var score = PrimaryMetric.Compute(task, blended, block.Y, block.Exposure, classes);
            if (best.Weights is null || PrimaryMetric.Better(task, score, best.Score))
            {
                best = (tenths, score);
            }
        }

        var chosen = candidates.Select((c, i) => (Candidate: c, Tenths: best.Weights![i])).Where(p => p.Tenths > 0).ToList();
        var weights = chosen.Select(p => new BlendWeight(TrainerName(p.Candidate.Kind), p.Tenths / 10.0)).ToList();
        var summary = new BlendSummary(weights, PrimaryMetric.Name(task), block.Rows, best.Score, championScore, PrimaryMetric.Better(task, best.Score, championScore), double.NaN);
        if (!summary.Adopted)
        {
            progress?.Report($"blend: the best weighting ({summary.DescribeWeights()}) does not beat {TrainerName(champion.Kind)} alone on the latest block");
        }
        return new BlendChoice(summary, [.. chosen.Select(p => p.Candidate)]);
    }

    /// <summary>Every way to split <paramref name="total"/> units among <paramref name="parts"/> parts.</summary>
    private static IEnumerable<int[]> Simplex(int parts, int total)
    {
        if (parts == 1)
        {
            yield return [total];
            yield break;
        }
        for (var first = total; first >= 0; first--)
        {
            foreach (var rest in Simplex(parts - 1, total - first))
            {
                yield return [first, .. rest];
            }
        }
    }

    internal static string TrainerName(TrainerKind kind) => kind switch
    {
        TrainerKind.LightGbm => "lightgbm",
        TrainerKind.FastTree => "fasttree",
        _ => "glm",
    };

    private static string Slug(string name) => new([.. name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);

    private sealed record Candidate(
        TrainerKind Kind, SearchOutcome Search, LinkScorer Scorer, ProbabilityCalibrator? Calibrator, double? Threshold, double HoldoutScore,
        bool SawLatestBlock);

    /// <summary>The blend considered and its parts (the candidates with a weight, in <see cref="BlendSummary.Weights"/> order).</summary>
    private sealed record BlendChoice(BlendSummary Summary, IReadOnlyList<Candidate> Parts);
}
