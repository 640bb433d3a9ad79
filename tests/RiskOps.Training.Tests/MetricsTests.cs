using FsCheck;
using FsCheck.Fluent;
using RiskOps.Training.Evaluation;

namespace RiskOps.Training.Tests;

public sealed class MetricsTests
{
    // Scores 0.9 0.8 0.7 0.6 0.55 0.4 with labels 1 0 1 1 0 0:
    // positive-negative pairs ranked right: (0.9>all 3 neg)=3, (0.7>0.55,0.4)=2, (0.6>0.55,0.4)=2 → 7 of 9.
    private static readonly double[] s_scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4];
    private static readonly double[] s_labels = [1, 0, 1, 1, 0, 0];

    [Fact]
    public void RocAuc_MatchesHandCount() => Assert.Equal(7.0 / 9, Metrics.RocAuc(s_scores, s_labels), 12);

    [Fact]
    public void RocAuc_TiesCountHalf() =>
        // One positive and one negative tied, one positive above: pairs (0.9>0.5)=1, (0.5=0.5)=0.5 → 1.5 of 2.
        Assert.Equal(0.75, Metrics.RocAuc([0.9, 0.5, 0.5], [1, 1, 0]), 12);

    [Fact]
    public void PrAuc_IsAveragePrecision() =>
        // Positives at ranks 1, 3, 4: precision 1, 2/3, 3/4, each with recall step 1/3.
        Assert.Equal((1 + 2.0 / 3 + 0.75) / 3, Metrics.PrAuc(s_scores, s_labels), 12);

    [Fact]
    public void GammaDeviance_MatchesHandComputation()
    {
        // y = 200, μ = 100: 2·(−ln 2 + 1); y = 50, μ = 100: 2·(−ln 0.5 − 0.5). Mean of the two.
        var expected = (2 * (-Math.Log(2) + 1) + 2 * (-Math.Log(0.5) - 0.5)) / 2;
        Assert.Equal(expected, Metrics.GammaDeviance([100, 100], [200, 50]), 12);
        // The constant model is the mean (125): D² = 1 − deviance(μ = 100) / deviance(μ = 125).
        var constant = (2 * (-Math.Log(200 / 125.0) + 75 / 125.0) + 2 * (-Math.Log(50 / 125.0) - 75 / 125.0)) / 2;
        Assert.Equal(1 - expected / constant, Metrics.GammaD2([100, 100], [200, 50]), 12);
        Assert.True(double.IsNaN(Metrics.GammaDeviance([100, -1], [200, 50])));
    }

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public Property GammaDeviance_IsNonNegativeAndZeroOnlyAtTheTarget() =>
        Prop.ForAll(Gen.Choose(1, 100_000).ToArbitrary(), Gen.Choose(1, 100_000).ToArbitrary(), (y, mu) =>
        {
            var d = Metrics.GammaDeviance([mu], [y]);
            return d >= -1e-12 && (y == mu) == (Math.Abs(d) < 1e-12);
        });

    [Fact]
    public void BrierAndLogLoss_MatchHandComputation()
    {
        double[] p = [0.8, 0.3];
        double[] y = [1, 0];
        Assert.Equal((0.04 + 0.09) / 2, Metrics.Brier(p, y), 12);
        Assert.Equal(-(Math.Log(0.8) + Math.Log(0.7)) / 2, Metrics.LogLoss(p, y), 12);
    }

    [Fact]
    public void Confusion_CountsAndF1AtThreshold()
    {
        var c = Metrics.Confusion(s_scores, s_labels, 0.6);
        Assert.Equal(new ConfusionMatrix(3, 1, 2, 0), c);
        Assert.Equal(0.75, c.Precision, 12);
        Assert.Equal(1.0, c.Recall, 12);
        Assert.Equal(2 * 0.75 / 1.75, c.F1, 12);
    }

    [Fact]
    public void PoissonDeviance_MatchesHandComputation()
    {
        // y=2, rate 1, exposure 1 → μ=1: 2(2 ln 2 − 1); y=0, rate 0.5, exposure 2 → μ=1: 2(0 + 1) = 2.
        var expected = (2 * (2 * Math.Log(2) - 1) + 2) / 3;
        Assert.Equal(expected, Metrics.PoissonDeviance([2, 0], [1, 0.5], [1, 2]), 12);
    }

    [Fact]
    public void PoissonD2_IsZeroForTheConstantRateAndOneForAPerfectFit()
    {
        double[] counts = [1, 3, 0, 2];
        double[] exposure = [1, 1, 1, 1];
        Assert.Equal(0, Metrics.PoissonD2(counts, [1.5, 1.5, 1.5, 1.5], exposure), 12);
        Assert.Equal(1, Metrics.PoissonD2(counts, [1, 3, 1e-300, 2], exposure), 6);
    }

    [Fact]
    public void RegressionMetrics_MatchHandComputation()
    {
        double[] actual = [1, 2, 3, 4];
        double[] predicted = [1.5, 2, 2, 4];
        Assert.Equal(1.5 / 4, Metrics.Mae(predicted, actual), 12);
        Assert.Equal(Math.Sqrt(1.25 / 4), Metrics.Rmse(predicted, actual), 12);
        Assert.Equal(1 - 1.25 / 5, Metrics.R2(predicted, actual), 12);
    }

    [Fact]
    public void LiftByDecile_TopDecileHoldsAllPositives()
    {
        var scores = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var labels = scores.Select(s => s >= 90 ? 1.0 : 0.0).ToArray();
        var lift = Metrics.LiftByDecile(scores, labels);
        Assert.Equal(10, lift[0], 12);
        Assert.All(lift.Skip(1), l => Assert.Equal(0, l, 12));
    }

    [Fact]
    public void Calibration_EceOfAPerfectlyCalibratedBinIsZeroAndOfAnOffBinIsTheGap()
    {
        // Bin [0.2,0.3): p=0.25 four times, one positive → rate 0.25, gap 0. Bin [0.9,1): p=0.95 twice, no positive → gap 0.95.
        double[] p = [0.25, 0.25, 0.25, 0.25, 0.95, 0.95];
        double[] y = [1, 0, 0, 0, 0, 0];
        var (bins, ece) = Metrics.Calibration(p, y);
        Assert.Equal(2, bins.Count);
        Assert.Equal(2.0 / 6 * 0.95, ece, 12);
    }

    [Fact]
    public void ExpectedRocAuc_MatchesHandCount()
    {
        // Rows a > b > c with p = 0.5, 0.2, 0.1: each row is a positive of weight p and a negative of weight 1 − p.
        // Positive a beats negatives b (0.5 × 0.8) and c (0.5 × 0.9) and ties itself (0.5 × 0.5 / 2); positive b beats c
        // (0.2 × 0.9) and ties itself (0.2 × 0.8 / 2); positive c ties itself (0.1 × 0.9 / 2): 1.28 of 0.8 × 2.2 = 1.76.
        Assert.Equal(1.28 / 1.76, Metrics.ExpectedRocAuc([3, 2, 1], [0.5, 0.2, 0.1]), 12);
    }

    /// <summary>2–60 tied-prone scores (0–9) with 0/1 labels.</summary>
    private static Arbitrary<(double[] Scores, double[] Labels)> ScoresAndLabels() =>
        Gen.Choose(2, 60).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 9).Select(v => (double)v), n).SelectMany(s =>
            Gen.ArrayOf(Gen.Elements(0.0, 1.0), n).Select(l => (s, l)))).ToArbitrary();

    [FsCheck.Xunit.Property]
    public Property ExpectedRocAuc_WithCertainLabelsIsTheRocAuc() =>
        Prop.ForAll(
            ScoresAndLabels(),
            t =>
            {
                var (scores, labels) = t;
                var auc = Metrics.RocAuc(scores, labels);
                var expected = Metrics.ExpectedRocAuc(scores, labels);
                return double.IsNaN(auc) ? double.IsNaN(expected) : Math.Abs(auc - expected) < 1e-12;
            });

    [FsCheck.Xunit.Property]
    public Property ExpectedRocAuc_OfNegatedScoresIsTheComplement() =>
        Prop.ForAll(
            Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 9).Select(v => (double)v), n).SelectMany(s =>
                Gen.ArrayOf(Gen.Choose(1, 99).Select(v => v / 100.0), n).Select(p => (s, p)))).ToArbitrary(),
            t =>
            {
                var (scores, p) = t;
                var auc = Metrics.ExpectedRocAuc(scores, p);
                var negated = Metrics.ExpectedRocAuc(scores.Select(s => -s).ToArray(), p);
                return auc >= 0 && auc <= 1 && Math.Abs(auc + negated - 1) < 1e-9;
            });

    [FsCheck.Xunit.Property]
    public Property RocAuc_OfNegatedScoresIsTheComplement() =>
        Prop.ForAll(
            ScoresAndLabels(),
            t =>
            {
                var (scores, labels) = t;
                var auc = Metrics.RocAuc(scores, labels);
                if (double.IsNaN(auc))
                {
                    return labels.Distinct().Count() < 2;
                }
                var negated = Metrics.RocAuc(scores.Select(s => -s).ToArray(), labels);
                return auc >= 0 && auc <= 1 && Math.Abs(auc + negated - 1) < 1e-9;
            });

    [FsCheck.Xunit.Property]
    public Property PoissonDeviance_IsNonNegativeAndZeroOnlyAtTheCounts() =>
        Prop.ForAll(
            Gen.Choose(1, 30).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 6).Select(v => (double)v), n)).ToArbitrary(),
            counts =>
            {
                var exposure = counts.Select(_ => 1.0).ToArray();
                var offRates = counts.Select(c => c + 0.5).ToArray();
                return Metrics.PoissonDeviance(counts, offRates, exposure) > 0;
            });
}
