namespace RiskOps.Training.Benchmarks;

/// <summary>What one benchmark run measured.</summary>
/// <param name="Task">crai (binary) or demand (regression).</param>
/// <param name="Rows">Training rows.</param>
/// <param name="Features">Features per row.</param>
/// <param name="Trees">Trees trained.</param>
/// <param name="Subsample">Share of rows each tree was grown on (1 = no bagging).</param>
/// <param name="FeatureFraction">Share of features each tree could split on.</param>
/// <param name="GenerateSeconds">Time to generate the data.</param>
/// <param name="TrainSeconds">Time to train the model (LightGBM, all threads).</param>
/// <param name="ScoreRowsPerSecond">Batch scoring throughput on the evaluation rows.</param>
/// <param name="PeakWorkingSetBytes">Peak working set of the process.</param>
/// <param name="Metric">roc_auc or r2.</param>
/// <param name="Model">The model's metric on fresh rows.</param>
/// <param name="Oracle">The same metric from the true probability or mean.</param>
/// <param name="SingleRowP50Ms">Median latency of one single-row Predict (dictionary in, prediction out).</param>
/// <param name="SingleRowP99Ms">99th percentile of the same.</param>
public sealed record BenchmarkFigures(
    string Task, long Rows, int Features, int Trees, double Subsample, double FeatureFraction, double GenerateSeconds, double TrainSeconds, double ScoreRowsPerSecond,
    long PeakWorkingSetBytes, string Metric, double Model, double Oracle, double SingleRowP50Ms, double SingleRowP99Ms)
{
    /// <summary>The model's share of the oracle's metric.</summary>
    public double Efficiency => Model / Oracle;
}
