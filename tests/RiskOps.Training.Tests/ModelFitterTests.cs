using RiskOps.Core.Modeling;
using RiskOps.Training.Benchmarks;
using RiskOps.Training.Modeling;

namespace RiskOps.Training.Tests;

public sealed class ModelFitterTests
{
    [Theory]
    [InlineData(TrainerKind.LightGbm)]
    [InlineData(TrainerKind.FastTree)]
    public void Fit_SubsampleBelowOneGrowsTreesOnBaggedRows(TrainerKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var set = TrainingBenchmark.Generate(ModelTask.Binary, 5_000, 10, seed: 3, out _);
        var full = HyperParameters.Default(20);

        using var everyRow = ModelFitter.Fit(kind, ModelTask.Binary, set, null, full, 0, 1, "gaussian", seed: 1, threads: 1, ct);
        using var bagged = ModelFitter.Fit(kind, ModelTask.Binary, set, null, full with { Subsample = 0.5 }, 0, 1, "gaussian", seed: 1, threads: 1, ct);
        var a = new double[set.Rows];
        var b = new double[set.Rows];
        everyRow.Score(set.X, set.Rows, a);
        bagged.Score(set.X, set.Rows, b);

        // Same data, seed and parameters except bagging: if the option reached the learner, the trees differ.
        Assert.NotEqual(a, b);
    }
}
