using RiskOps.Core.Modeling;
using RiskOps.Training.Modeling;

namespace RiskOps.Training.Search;

/// <summary>
/// Random search with successive halving (η = 3) over the tree budget: every sampled configuration
/// is scored by cross-validation with few trees, the best third moves on to three times as many,
/// and so on up to the full budget. A GLM has no tree budget, so its configurations (ridge
/// strengths) are all scored at one rung. The chosen configuration is the best (configuration, tree budget)
/// scored at any rung. The holdout never enters: folds come from development rows.
/// </summary>
internal sealed class HyperparameterSearch(TimeProvider timeProvider)
{
    private const int Eta = 3;
    private const int MinTrees = 20;

    public SearchOutcome Run(
        TrainerKind kind, ModelTask task, EncodedSet development, IReadOnlyList<(int[] Train, int[] Validation)> folds,
        int classes, double positiveWeight, string glmFamily, SearchSettings settings, long startedAt,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var random = new Random(settings.Seed);
        // Count objectives get a leaf-size floor from the smallest training fold's mean count (trees only; a GLM has no leaves).
        var minLeafFloor = kind == TrainerKind.Glm || folds.Count == 0 ? 0
            : folds.Min(f => HyperParameters.MinLeafFloor(task, [.. f.Train.Select(i => development.Y[i])]));
        var configs = new List<HyperParameters> { HyperParameters.Default(settings.MaxTrees, minLeafFloor) };
        while (configs.Count < Math.Max(1, settings.Trials))
        {
            configs.Add(HyperParameters.Sample(random, settings.MaxTrees, minLeafFloor));
        }
        var rungs = kind == TrainerKind.Glm ? 1 : 1 + (int)Math.Floor(Math.Log(Math.Max(1.0, settings.MaxTrees / (double)MinTrees)) / Math.Log(Eta));
        var foldSets = folds.Select(f => (Train: development.Slice(f.Train), Validation: development.Slice(f.Validation))).ToList();
        var trials = new List<SearchTrial>();
        var survivors = Enumerable.Range(0, configs.Count).ToList();
        var stopped = false;
        HyperParameters best = configs[0];
        var bestScore = double.NaN;
        for (var rung = 0; rung < rungs && !stopped; rung++)
        {
            var trees = rung == rungs - 1 ? settings.MaxTrees : Math.Max(MinTrees, (int)(settings.MaxTrees / Math.Pow(Eta, rungs - 1 - rung)));
            var scored = new List<(int Config, double Score)>();
            foreach (var c in survivors)
            {
                if (OverBudget(settings, startedAt) && (scored.Count > 0 || rung > 0))
                {
                    stopped = true;
                    break;
                }
                var parameters = configs[c] with { Trees = trees };
                var begin = timeProvider.GetTimestamp();
                var foldScores = new double[foldSets.Count];
                for (var k = 0; k < foldSets.Count; k++)
                {
                    using var scorer = ModelFitter.Fit(kind, task, foldSets[k].Train, null, parameters, classes, positiveWeight, glmFamily,
                        settings.Seed, settings.Threads, cancellationToken);
                    var validation = foldSets[k].Validation;
                    var link = new double[validation.Rows * scorer.Outputs];
                    scorer.Score(validation.X, validation.Rows, link);
                    foldScores[k] = PrimaryMetric.Compute(task, link, validation.Y, validation.Exposure, classes);
                }
                var mean = foldScores.Where(s => !double.IsNaN(s)).DefaultIfEmpty(double.NaN).Average();
                var seconds = timeProvider.GetElapsedTime(begin).TotalSeconds;
                trials.Add(new SearchTrial(kind, c, rung, parameters, mean, foldScores, seconds));
                scored.Add((c, mean));
                progress?.Report($"{kind} rung {rung} config {c} trees {trees}: {PrimaryMetric.Name(task)} {mean:F5} ({seconds:F1}s)");
            }
            if (scored.Count == 0)
            {
                break;
            }
            var ranked = scored.OrderBy(s => PrimaryMetric.HigherIsBetter(task) ? -s.Score : s.Score).ToList();
            // The best over every rung, not the last rung's best: when more trees score worse in cross-validation
            // (boosting past the point where it fits noise — FastTree has no early stopping here), the smaller
            // tree budget wins. Early stopping at the granularity of the rungs.
            if (rung == 0 || PrimaryMetric.Better(task, ranked[0].Score, bestScore))
            {
                best = configs[ranked[0].Config] with { Trees = trees };
                bestScore = ranked[0].Score;
            }
            survivors = [.. ranked.Take(Math.Max(1, (int)Math.Ceiling(ranked.Count / (double)Eta))).Select(s => s.Config)];
        }
        return new SearchOutcome(kind, best, bestScore, trials, stopped);
    }

    private bool OverBudget(SearchSettings settings, long startedAt) =>
        settings.TimeBudget is { } budget && timeProvider.GetElapsedTime(startedAt) > budget;
}
