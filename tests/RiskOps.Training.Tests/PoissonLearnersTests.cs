using RiskOps.Core.Modeling;
using RiskOps.Training.Evaluation;
using RiskOps.Training.Modeling;

namespace RiskOps.Training.Tests;

/// <summary>Every learner offered for poisson-with-exposure, scored against the true rate of a known world.</summary>
public sealed class PoissonLearnersTests
{
    // The GLM is the true model family here; boosted trees approximate a smooth log-linear rate in
    // steps. Without the per-tree output cap FastTree reached 0.31 of the oracle (rates of ~0 in all-zero leaves).
    [Theory]
    [InlineData(TrainerKind.Glm, 0.9)]
    [InlineData(TrainerKind.FastTree, 0.6)]
    public void Fit_RecoversMostOfTheOracleD2(TrainerKind kind, double share)
    {
        var data = SyntheticData.Poisson(6_000, seed: 21, out var trueRate);
        var train = Enumerable.Range(0, 4_000).ToArray();
        var test = Enumerable.Range(4_000, 2_000).ToArray();
        var encoder = EncoderFitter.Fit(data, train);
        var trainSet = EncodedSet.Build(data, encoder, train);
        var testSet = EncodedSet.Build(data, encoder, test);

        using var scorer = ModelFitter.Fit(kind, ModelTask.PoissonWithExposure, trainSet, null, HyperParameters.Default(100) with { Trees = 100 },
            0, 1, "gaussian", seed: 3, threads: 1, TestContext.Current.CancellationToken);
        var link = new double[testSet.Rows];
        scorer.Score(testSet.X, testSet.Rows, link);

        var rates = link.Select(Math.Exp).ToArray();
        var model = Metrics.PoissonD2(testSet.Y, rates, testSet.Exposure);
        var oracle = Metrics.PoissonD2(testSet.Y, [.. test.Select(i => trueRate[i])], testSet.Exposure);
        var predicted = rates.Zip(testSet.Exposure, (r, e) => r * e).Sum();
        Assert.True(model > share * oracle, $"{kind}: D² {model:F4}, oracle {oracle:F4}, predicted/observed {predicted / testSet.Y.Sum():F3}, mean rate {rates.Average():F3}, range {rates.Min():F3}..{rates.Max():F3}");
        Assert.InRange(predicted / testSet.Y.Sum(), 0.9, 1.1);
    }
}
