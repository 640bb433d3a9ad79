using FsCheck;
using FsCheck.Fluent;
using RiskOps.Core.Modeling;
using RiskOps.Training.Evaluation;
using RiskOps.Training.Modeling;

namespace RiskOps.Training.Tests;

/// <summary>The search space's leaf-size floor for count objectives.</summary>
public sealed class LeafFloorTests
{
    [FsCheck.Xunit.Property(MaxTest = 50)]
    public Property MinLeafFloor_CountTask_LeavesHoldTheMinimumEventsUnlessCapped() =>
        Prop.ForAll(Gen.Choose(100, 50_000).ToArbitrary(), Gen.Choose(1, 1000).ToArbitrary(), (rows, permille) =>
        {
            // Rows with one event each, spread evenly: a mean count of permille / 1000 per row.
            var y = new double[rows];
            var events = (int)Math.Round(rows * permille / 1000.0);
            for (var k = 0; k < events; k++)
            {
                y[(int)((long)k * rows / Math.Max(1, events))] = 1;
            }
            var floor = HyperParameters.MinLeafFloor(ModelTask.PoissonWithExposure, y);
            var mean = y.Average();
            var capped = floor >= Math.Floor(rows / 20.0);
            return floor >= HyperParameters.SmallestLeaf
                   && floor <= Math.Max(HyperParameters.SmallestLeaf, rows / 20.0)
                   && (capped || floor * mean >= HyperParameters.MinEventsPerLeaf - 1e-9)
                   && (events == 0 || floor * mean < HyperParameters.MinEventsPerLeaf + mean);
        });

    [Theory]
    [InlineData(ModelTask.Binary)]
    [InlineData(ModelTask.Regression)]
    [InlineData(ModelTask.Multiclass)]
    public void MinLeafFloor_OtherTasks_HaveNone(ModelTask task) =>
        Assert.Equal(0, HyperParameters.MinLeafFloor(task, [0, 1, 0, 0, 1]));

    [FsCheck.Xunit.Property(MaxTest = 50)]
    public Property Sample_WithFloor_StaysWithinFloorAndEightTimesIt() =>
        Prop.ForAll(Gen.Choose(0, 5_000).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(), (floor, seed) =>
        {
            var random = new Random(seed);
            var sampled = Enumerable.Range(0, 20).Select(_ => HyperParameters.Sample(random, 100, floor)).ToList();
            var inRange = floor == 0
                ? sampled.All(p => p.MinLeaf >= HyperParameters.SmallestLeaf && p.MinLeaf < 200)
                : sampled.All(p => p.MinLeaf >= floor && p.MinLeaf <= 8 * floor);
            return inRange && HyperParameters.Default(100, floor).MinLeaf >= floor;
        });

    // Sparse counts (mean ≈ 0.11 per row) with five pure-noise columns, 200 trees: leaves of 5 rows let the
    // Poisson trees chase the noise (D² 0.02 on fresh rows against the oracle's 0.13); the floor keeps 0.06.
    [Fact]
    public void FastTreePoisson_WithTheFloor_OverfitsLessOnSparseCounts()
    {
        var (trainSet, testSet, _) = Split();
        var floor = HyperParameters.MinLeafFloor(ModelTask.PoissonWithExposure, trainSet.Y);
        var small = HoldoutD2(trainSet, testSet, HyperParameters.Default(200) with { MinLeaf = HyperParameters.SmallestLeaf });
        var floored = HoldoutD2(trainSet, testSet, HyperParameters.Default(200, floor));
        Assert.True(floored > small + 0.02, $"floor {floor}: D² {floored:F4} against {small:F4} with 5-row leaves");
    }

    // More trees overfit the same counts (D² falls from ~0.11 at 20–60 trees to ~0.06 at 180): the search must
    // return the best (configuration, tree budget) of every rung, and that model must keep most of the oracle's D².
    [Fact]
    public void Search_PicksTheBestRungAndGeneralises()
    {
        var (trainSet, testSet, oracle) = Split();
        var rows = trainSet.Rows;
        int[] fit = [.. Enumerable.Range(0, rows * 2 / 3)], validate = [.. Enumerable.Range(rows * 2 / 3, rows - (rows * 2 / 3))];
        var search = new Search.HyperparameterSearch(TimeProvider.System);
        var outcome = search.Run(TrainerKind.FastTree, ModelTask.PoissonWithExposure, trainSet, [(fit, validate)], 0, 1, "gaussian",
            new Search.SearchSettings(3, null, 180, 5, 1), TimeProvider.System.GetTimestamp(), null, TestContext.Current.CancellationToken);

        var bestTrial = outcome.Trials.MinBy(t => t.Score)!;
        Assert.Equal(bestTrial.Score, outcome.BestScore);
        Assert.Equal(bestTrial.Parameters, outcome.Best);
        var d2 = HoldoutD2(trainSet, testSet, outcome.Best);
        Assert.True(d2 > 0.8 * oracle, $"chosen {outcome.Best}: D² {d2:F4}, oracle {oracle:F4}");
    }

    private static (EncodedSet Train, EncodedSet Test, double OracleD2) Split()
    {
        var data = SyntheticData.SparsePoisson(30_000, noise: 5, seed: 8, out var trueRate);
        var train = Enumerable.Range(0, 20_000).ToArray();
        var test = Enumerable.Range(20_000, 10_000).ToArray();
        var encoder = EncoderFitter.Fit(data, train);
        var testSet = EncodedSet.Build(data, encoder, test);
        return (EncodedSet.Build(data, encoder, train), testSet, Metrics.PoissonD2(testSet.Y, [.. test.Select(i => trueRate[i])], testSet.Exposure));
    }

    private static double HoldoutD2(EncodedSet train, EncodedSet test, HyperParameters parameters)
    {
        using var scorer = ModelFitter.Fit(TrainerKind.FastTree, ModelTask.PoissonWithExposure, train, null, parameters,
            0, 1, "gaussian", seed: 3, threads: 1, TestContext.Current.CancellationToken);
        var link = new double[test.Rows];
        scorer.Score(test.X, test.Rows, link);
        return Metrics.PoissonD2(test.Y, [.. link.Select(Math.Exp)], test.Exposure);
    }
}
