using RiskOps.Core.Modeling;
using RiskOps.Training.Evaluation;

namespace RiskOps.Training.Search;

/// <summary>The metric that ranks models for a task, computed from link-space scores.</summary>
public static class PrimaryMetric
{
    public static string Name(ModelTask task) => task switch
    {
        ModelTask.Binary => "roc_auc",
        ModelTask.PoissonWithExposure => "poisson_deviance",
        ModelTask.Regression => "rmse",
        _ => "log_loss",
    };

    public static bool HigherIsBetter(ModelTask task) => task == ModelTask.Binary;

    /// <summary>The metric of link-space <paramref name="scores"/> (one per row, or one per class for multiclass).</summary>
    public static double Compute(ModelTask task, ReadOnlySpan<double> scores, ReadOnlySpan<double> y, ReadOnlySpan<double> exposure, int classes)
    {
        switch (task)
        {
            case ModelTask.Binary:
                return Metrics.RocAuc(scores, y);
            case ModelTask.PoissonWithExposure:
                var rates = new double[scores.Length];
                for (var i = 0; i < rates.Length; i++)
                {
                    rates[i] = Math.Exp(scores[i]);
                }
                return Metrics.PoissonDeviance(y, rates, exposure);
            case ModelTask.Regression:
                return Metrics.Rmse(scores, y);
            default:
                return Metrics.MulticlassLogLoss(scores, y, classes);
        }
    }

    /// <summary>True when <paramref name="a"/> is a better score than <paramref name="b"/>.</summary>
    public static bool Better(ModelTask task, double a, double b) =>
        !double.IsNaN(a) && (double.IsNaN(b) || (HigherIsBetter(task) ? a > b : a < b));
}
