using RiskOps.Training.Benchmarks;

namespace RiskOps.Training.Tests;

public sealed class TrainingBenchmarkTests
{
    [Theory]
    [InlineData("crai")]
    [InlineData("demand")]
    public void Run_SmallScaleReportsQualityAgainstTheOracle(string task)
    {
        var figures = new TrainingBenchmark(TimeProvider.System).Run(task, 30_000, 12, 40, seed: 5, threads: 1, TestContext.Current.CancellationToken);

        Assert.Equal(30_000, figures.Rows);
        Assert.InRange(figures.Oracle, 0.05, 1);
        Assert.True(figures.Efficiency is > 0.8 and <= 1.02, $"efficiency {figures.Efficiency}");
        Assert.True(figures.SingleRowP99Ms > 0);
    }
}
