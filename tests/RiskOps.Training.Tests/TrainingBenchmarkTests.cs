using RiskOps.Training.Benchmarks;

namespace RiskOps.Training.Tests;

public sealed class TrainingBenchmarkTests
{
    [Theory]
    [InlineData("crai", 1.0)]
    [InlineData("demand", 1.0)]
    [InlineData("crai", 0.5)]
    public void Run_SmallScaleReportsQualityAgainstTheOracle(string task, double subsample)
    {
        var figures = new TrainingBenchmark(TimeProvider.System).Run(task, 30_000, 12, 40, seed: 5, threads: 1, subsample, featureFraction: 1.0, TestContext.Current.CancellationToken);

        Assert.Equal(30_000, figures.Rows);
        Assert.Equal(subsample, figures.Subsample);
        Assert.InRange(figures.Oracle, 0.05, 1);
        Assert.True(figures.Efficiency is > 0.8 and <= 1.02, $"efficiency {figures.Efficiency}");
        Assert.True(figures.SingleRowP99Ms > 0);
    }

    [Theory]
    [InlineData(0.0, 1.0, "--subsample")]
    [InlineData(1.5, 1.0, "--subsample")]
    [InlineData(1.0, 0.0, "--feature-fraction")]
    public void Run_RefusesASamplingShareOutsideZeroToOne(double subsample, double featureFraction, string option)
    {
        var error = Assert.Throws<Data.TrainingDataException>(() =>
            new TrainingBenchmark(TimeProvider.System).Run("crai", 1_000, 12, 5, seed: 5, threads: 1, subsample, featureFraction, TestContext.Current.CancellationToken));

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }
}
