using RiskOps.Core.Modeling;
using RiskOps.Features.Definitions;
using RiskOps.Training.Search;

namespace RiskOps.Training.Evaluation;

/// <summary>Scores the holdout once and computes every metric the report shows.</summary>
internal static class Evaluator
{
    private const int ImportanceRows = 20_000;

    public sealed record Result(
        Dictionary<string, double> Metrics,
        double[] Predictions,
        double[] Lift,
        ConfusionMatrix? Confusion,
        Dictionary<string, double> Business,
        List<FairnessGroup> Fairness,
        List<string> FairnessFlags,
        List<FeatureImportance> Importance,
        List<ExplainedRow> Explanations,
        OracleComparison? Oracle,
        OracleComparison? ClairvoyantOracle);

    public static Result Evaluate(EvaluationContext context, CancellationToken cancellationToken)
    {
        var holdout = context.Holdout;
        var task = context.Data.Task;
        var predictions = context.Predictor.PredictEncoded(holdout.X, holdout.Rows);
        var values = predictions.Select(p => p.Value).ToArray();
        var y = holdout.Y;
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        ConfusionMatrix? confusion = null;
        double[] lift = [];
        var business = new Dictionary<string, double>(StringComparer.Ordinal);
        switch (task)
        {
            case ModelTask.Binary:
                metrics["roc_auc"] = Metrics.RocAuc(values, y);
                metrics["gini"] = 2 * metrics["roc_auc"] - 1;
                metrics["pr_auc"] = Metrics.PrAuc(values, y);
                metrics["brier"] = Metrics.Brier(values, y);
                metrics["log_loss"] = Metrics.LogLoss(values, y);
                confusion = Metrics.Confusion(values, y, context.Threshold);
                metrics["precision"] = confusion.Precision;
                metrics["recall"] = confusion.Recall;
                metrics["f1"] = confusion.F1;
                metrics["positive_rate"] = y.Average();
                metrics["ece"] = Metrics.Calibration(values, y).Ece;
                lift = Metrics.LiftByDecile(values, y);
                business = Business(context, values, y);
                break;
            case ModelTask.PoissonWithExposure:
                metrics["poisson_deviance"] = Metrics.PoissonDeviance(y, values, holdout.Exposure);
                metrics["d2"] = Metrics.PoissonD2(y, values, holdout.Exposure);
                metrics["observed_rate"] = y.Sum() / holdout.Exposure.Sum();
                metrics["predicted_rate"] = values.Zip(holdout.Exposure, (v, e) => v * e).Sum() / holdout.Exposure.Sum();
                lift = Metrics.LiftByDecile(values, y, holdout.Exposure);
                // Counts are also judged as a regression of the expected count (demand's R² against the oracle's).
                var counts = values.Zip(holdout.Exposure, (v, e) => v * e).ToArray();
                metrics["mae"] = Metrics.Mae(counts, y);
                metrics["rmse"] = Metrics.Rmse(counts, y);
                metrics["r2"] = Metrics.R2(counts, y);
                break;
            case ModelTask.Regression:
                metrics["mae"] = Metrics.Mae(values, y);
                metrics["rmse"] = Metrics.Rmse(values, y);
                metrics["r2"] = Metrics.R2(values, y);
                if (y.All(v => v > 0))
                {
                    // Positive targets (severities): the Gamma deviance judges relative errors, which RMSE, dominated by the largest claims, does not.
                    metrics["gamma_deviance"] = Metrics.GammaDeviance(values, y);
                    metrics["gamma_d2"] = Metrics.GammaD2(values, y);
                }
                lift = Metrics.LiftByDecile(values, y);
                break;
            default:
                var probabilities = predictions.SelectMany(p => p.ClassProbabilities!).ToArray();
                metrics["log_loss"] = Metrics.MulticlassLogLoss(probabilities, y, context.Classes);
                metrics["accuracy"] = values.Zip(y, (p, a) => p == a ? 1.0 : 0.0).Average();
                metrics["macro_f1"] = Enumerable.Range(0, context.Classes).Select(k =>
                    Metrics.Confusion([.. values.Select(v => v == k ? 1.0 : 0.0)], [.. y.Select(a => a == k ? 1.0 : 0.0)], 0.5).F1).Average();
                break;
        }
        if (lift.Length > 0)
        {
            metrics["lift_top_decile"] = lift[0];
        }
        SurgeClasses(context, values, metrics);
        if (task == ModelTask.PoissonWithExposure && context.Data.Oracle is { } truth)
        {
            var oracleCounts = holdout.Index.Select((i, r) => truth[i] * holdout.Exposure[r]).ToArray();
            metrics["oracle_r2"] = Metrics.R2(oracleCounts, y);
            metrics["r2_efficiency"] = metrics["r2"] / metrics["oracle_r2"];
        }
        if (task == ModelTask.PoissonWithExposure && context.Data.ExAnteOracle is { } exAnte)
        {
            var exAnteCounts = holdout.Index.Select((i, r) => exAnte[i] * holdout.Exposure[r]).ToArray();
            metrics["oracle_ex_ante_r2"] = Metrics.R2(exAnteCounts, y);
            metrics["r2_efficiency_ex_ante"] = metrics["r2"] / metrics["oracle_ex_ante_r2"];
        }
        var (fairness, flags) = Fairness(context, values, y);
        return new Result(metrics, values, lift, confusion, business, fairness, flags,
            Importance(context, cancellationToken), Explanations(context, values),
            Oracle(context, context.Data.Oracle, metrics, y, values), Oracle(context, context.Data.ClairvoyantOracle, metrics, y, values));
    }

    /// <summary>
    /// Flagged rows (probability ≥ threshold) go to manual review at <c>ReviewCost</c> each; a flagged
    /// positive avoids its cost (the cost column, else 1 unit). Cost-weighted error charges each missed
    /// positive its cost and each needless review the review cost, per row.
    /// </summary>
    private static Dictionary<string, double> Business(EvaluationContext context, double[] p, double[] y)
    {
        var cost = context.Data.Cost;
        double avoided = 0, missed = 0;
        long flagged = 0, falsePositives = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var c = cost is null ? 1 : cost[context.Holdout.Index[i]];
            if (p[i] >= context.Threshold)
            {
                flagged++;
                if (y[i] > 0.5)
                {
                    avoided += c;
                }
                else
                {
                    falsePositives++;
                }
            }
            else if (y[i] > 0.5)
            {
                missed += c;
            }
        }
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["expected_cost_avoided"] = avoided,
            ["manual_review_share"] = (double)flagged / p.Length,
            ["review_cost"] = flagged * context.ReviewCost,
            ["net_saving"] = avoided - flagged * context.ReviewCost,
            ["cost_weighted_error"] = (missed + falsePositives * context.ReviewCost) / p.Length,
        };
    }

    /// <summary>
    /// Per group: selection rate (binary: flagged share; otherwise share in the overall top decile of
    /// predictions), its ratio to the highest group's, the actual rate, and the primary metric in the group.
    /// </summary>
    private static (List<FairnessGroup>, List<string>) Fairness(EvaluationContext context, double[] values, double[] y)
    {
        var groups = new List<FairnessGroup>();
        var flags = new List<string>();
        if (context.Data.Groups.Count == 0)
        {
            return (groups, flags);
        }
        var task = context.Data.Task;
        var cut = task == ModelTask.Binary ? context.Threshold : values.OrderDescending().ElementAt(Math.Max(0, values.Length / 10 - 1));
        foreach (var (column, labels) in context.Data.Groups)
        {
            var byGroup = Enumerable.Range(0, values.Length).GroupBy(i => labels[context.Holdout.Index[i]] ?? "(missing)", StringComparer.Ordinal).ToList();
            var rows = new List<FairnessGroup>();
            foreach (var g in byGroup)
            {
                var idx = g.ToArray();
                var v = idx.Select(i => values[i]).ToArray();
                var a = idx.Select(i => y[i]).ToArray();
                var e = idx.Select(i => context.Holdout.Exposure[i]).ToArray();
                var metric = task switch
                {
                    ModelTask.Binary => Metrics.RocAuc(v, a),
                    ModelTask.PoissonWithExposure => Metrics.PoissonDeviance(a, v, e),
                    ModelTask.Regression => Metrics.Mae(v, a),
                    _ => v.Zip(a, (p, t) => p == t ? 1.0 : 0.0).Average(),
                };
                rows.Add(new FairnessGroup(column, g.Key, idx.Length, v.Count(x => x >= cut) / (double)idx.Length, 0, a.Average(), v.Average(), metric));
            }
            var max = rows.Max(r => r.SelectionRate);
            foreach (var row in rows.OrderBy(r => r.Group, StringComparer.Ordinal))
            {
                var ratio = max == 0 ? 1 : row.SelectionRate / max;
                groups.Add(row with { SelectionRateRatio = ratio });
                if (ratio < context.FairnessRatio)
                {
                    flags.Add($"{column}={row.Group}: selection-rate ratio {ratio:F2} < {context.FairnessRatio:F2}");
                }
            }
            var metrics = rows.Select(r => r.Metric).Where(m => !double.IsNaN(m)).ToList();
            if (metrics.Count > 1)
            {
                groups.Add(new FairnessGroup(column, "(metric gap max−min)", 0, double.NaN, double.NaN, double.NaN, double.NaN, metrics.Max() - metrics.Min()));
            }
        }
        return (groups, flags);
    }

    /// <summary>Permutation importance on up to 20,000 holdout rows: each feature's slots shuffled together, once, with a fixed seed.</summary>
    private static List<FeatureImportance> Importance(EvaluationContext context, CancellationToken cancellationToken)
    {
        var holdout = context.Holdout;
        var rows = Math.Min(holdout.Rows, ImportanceRows);
        var width = holdout.Width;
        var encoder = context.Predictor.Encoder;
        var scorer = context.Predictor.Scorer;
        var task = context.Data.Task;
        var x = holdout.X.AsSpan(0, rows * width).ToArray();
        var y = holdout.Y.AsSpan(0, rows);
        var exposure = holdout.Exposure.AsSpan(0, rows);
        var link = new double[rows * scorer.Outputs];
        scorer.Score(x, rows, link);
        var baseline = PrimaryMetric.Compute(task, link, y, exposure, context.Classes);
        var random = new Random(context.Seed);
        var result = new List<FeatureImportance>();
        var permuted = new float[x.Length];
        for (var f = 0; f < encoder.Features.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var order = Enumerable.Range(0, rows).ToArray();
            random.Shuffle(order);
            x.CopyTo(permuted, 0);
            var start = encoder.SlotStart[f];
            var count = encoder.SlotCount[f];
            for (var r = 0; r < rows; r++)
            {
                x.AsSpan(order[r] * width + start, count).CopyTo(permuted.AsSpan(r * width + start, count));
            }
            scorer.Score(permuted, rows, link);
            var score = PrimaryMetric.Compute(task, link, y, exposure, context.Classes);
            result.Add(new FeatureImportance(encoder.Features[f].Name, PrimaryMetric.HigherIsBetter(task) ? baseline - score : score - baseline));
        }
        return [.. result.OrderByDescending(r => r.Drop)];
    }

    private static List<ExplainedRow> Explanations(EvaluationContext context, double[] values)
    {
        var data = context.Data;
        return [.. Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).Take(5).Select(i =>
        {
            var source = context.Holdout.Index[i];
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var feature in data.Features)
            {
                row[feature.Name] = feature.Kind == FeatureKind.Numeric ? data.Numeric[feature.Name][source] : data.Categorical[feature.Name][source];
            }
            return new ExplainedRow(data.Ids?[source], values[i], context.Predictor.Explain(row, 5));
        })];
    }

    private static OracleComparison? Oracle(EvaluationContext context, double[]? truth, Dictionary<string, double> metrics, double[] y, double[] values)
    {
        if (truth is null)
        {
            return null;
        }
        var oracle = context.Holdout.Index.Select(i => truth[i]).ToArray();
        if (context.Data.Task == ModelTask.Binary && ReferenceEquals(truth, context.Data.Oracle))
        {
            // The holdout's positives are a draw from the oracle's probabilities: the expected AUCs compare the two
            // rankings without that draw's luck (a few hundred positives move a holdout AUC by several points).
            metrics["expected_roc_auc"] = Metrics.ExpectedRocAuc(values, oracle);
            metrics["oracle_expected_roc_auc"] = Metrics.ExpectedRocAuc(oracle, oracle);
            metrics["expected_auc_efficiency"] = metrics["expected_roc_auc"] / metrics["oracle_expected_roc_auc"];
        }
        return context.Data.Task switch
        {
            ModelTask.Binary => Compare("roc_auc", Metrics.RocAuc(oracle, y), metrics["roc_auc"]),
            ModelTask.Regression => Compare("r2", Metrics.R2(oracle, y), metrics["r2"]),
            ModelTask.PoissonWithExposure => Compare("d2", Metrics.PoissonD2(y, oracle, context.Holdout.Exposure), metrics["d2"]),
            _ => null,
        };
    }

    /// <summary>
    /// Demand surge classes (RiskOps.DemandTargets.SurgeClass): the predicted class against
    /// the class of the true rate, both relative to the same typical level. Reports the accuracy and the 3 × 3
    /// confusion as <c>surge_confusion_{oracle}_{predicted}</c> (holdout row counts).
    /// </summary>
    private static void SurgeClasses(EvaluationContext context, double[] values, Dictionary<string, double> metrics)
    {
        if (context.Data.TypicalLevel is not { } typical || context.Data.Oracle is not { } truth
            || context.Data.Task is not (ModelTask.Regression or ModelTask.PoissonWithExposure))
        {
            return;
        }
        var labels = DemandTargets.SurgeClasses;
        var confusion = new long[labels.Count, labels.Count];
        for (var r = 0; r < values.Length; r++)
        {
            var i = context.Holdout.Index[r];
            confusion[DemandTargets.SurgeClass(truth[i], typical[i]), DemandTargets.SurgeClass(values[r], typical[i])]++;
        }
        long right = 0;
        for (var a = 0; a < labels.Count; a++)
        {
            right += confusion[a, a];
            for (var b = 0; b < labels.Count; b++)
            {
                metrics[$"surge_confusion_{labels[a]}_{labels[b]}"] = confusion[a, b];
            }
        }
        metrics["surge_class_accuracy"] = values.Length == 0 ? double.NaN : (double)right / values.Length;
    }

    private static OracleComparison Compare(string metric, double oracle, double model) => new(metric, oracle, model, model / oracle);
}
