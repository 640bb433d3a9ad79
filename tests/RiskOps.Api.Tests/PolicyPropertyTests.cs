using FsCheck;
using FsCheck.Fluent;
using RiskOps.Api.Demand;
using RiskOps.Api.Models;
using RiskOps.Api.Risk;

namespace RiskOps.Api.Tests;

/// <summary>Invariants of the pricing policies and the A/B assignment, over generated inputs.</summary>
public sealed class PolicyPropertyTests
{
    private static Arbitrary<double> Score => ArbMap.Default.ArbFor<double>().Filter(double.IsFinite);

    [FsCheck.Xunit.Property]
    public Property RiskMultiplier_InRangeAndMonotonic() =>
        Prop.ForAll(Score, Score, (a, b) =>
        {
            var (lo, hi) = a <= b ? (a, b) : (b, a);
            var mLo = RiskBands.Multiplier(lo);
            var mHi = RiskBands.Multiplier(hi);
            return mLo is >= 0.8 and <= 1.5 && mHi is >= 0.8 and <= 1.5 && mLo <= mHi + 1e-12;
        });

    [FsCheck.Xunit.Property]
    public Property RiskBand_AgreesWithMultiplierRange() =>
        Prop.ForAll(Gen.Choose(0, 1_000_000).Select(i => i / 1_000_000.0).ToArbitrary(), s =>
        {
            var m = RiskBands.Multiplier(s);
            return RiskBands.Band(s) switch
            {
                "low" => m is >= 0.8 and < 1.0,
                "medium" => m is >= 1.0 and <= 1.2,
                "high" => m is > 1.2 and <= 1.5,
                _ => false,
            };
        });

    [Fact]
    public void RiskMultiplier_HandComputedPoints()
    {
        Assert.Equal(0.8, RiskBands.Multiplier(0), 12);
        Assert.Equal(0.9, RiskBands.Multiplier(0.15), 12);
        Assert.Equal(1.0, RiskBands.Multiplier(0.3), 12);
        Assert.Equal(1.1, RiskBands.Multiplier(0.5), 12);
        Assert.Equal(1.2, RiskBands.Multiplier(0.7), 12);
        Assert.Equal(1.35, RiskBands.Multiplier(0.85), 12);
        Assert.Equal(1.5, RiskBands.Multiplier(1), 12);
    }

    [FsCheck.Xunit.Property]
    public Property Surge_FactorAndAdjustmentBoundedAndMonotonic() =>
        Prop.ForAll(ArbMap.Default.ArbFor<double>(), ArbMap.Default.ArbFor<double>(), ArbMap.Default.ArbFor<double>(), (e1, e2, baseline) =>
        {
            var r1 = SurgePolicy.Ratio(e1, baseline);
            var r2 = SurgePolicy.Ratio(e2, baseline);
            var (lo, hi) = r1 <= r2 ? (r1, r2) : (r2, r1);
            return double.IsFinite(r1) && double.IsFinite(r2)
                && SurgePolicy.SurgeFactor(r1) is >= 1 and <= 3
                && SurgePolicy.PriceAdjustment(r1) is >= -0.2 and <= 0.2
                && SurgePolicy.SurgeFactor(lo) <= SurgePolicy.SurgeFactor(hi)
                && SurgePolicy.PriceAdjustment(lo) <= SurgePolicy.PriceAdjustment(hi);
        });

    [FsCheck.Xunit.Property]
    public Property Experiment_BucketIsDeterministicAndInUnitInterval() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NonNull<string>>(), ArbMap.Default.ArbFor<NonNull<string>>(), (experiment, id) =>
        {
            var b = ExperimentRouter.Bucket(experiment.Get, id.Get);
            return b >= 0 && b < 1 && b == ExperimentRouter.Bucket(experiment.Get, id.Get);
        });

    [Fact]
    public void Experiment_ShareOfIdsRoutedMatchesConfiguredShare()
    {
        // 20,000 ids at a 10% share: the binomial standard deviation is 0.2 points, so ±1 point is a 5-sigma band.
        var routed = Enumerable.Range(0, 20_000).Count(i => ExperimentRouter.IsChallenger("exp", $"C{i:000000}", 0.10));
        Assert.InRange(routed / 20_000.0, 0.09, 0.11);
    }
}
