using FsCheck;
using FsCheck.Fluent;
using RiskOps.Training.Modeling;

namespace RiskOps.Training.Tests;

public sealed class IrlsGlmTests
{
    [Fact]
    public void Fit_PoissonWithOffsetRecoversTheTrueRate()
    {
        var data = SyntheticData.Poisson(20_000, seed: 13, out _);
        var rows = Enumerable.Range(0, data.RowCount).ToArray();
        var encoder = EncoderFitter.Fit(data, rows);
        var set = EncodedSet.Build(data, encoder, rows);

        var fit = IrlsGlm.Fit("poisson", set, 1e-9, TestContext.Current.CancellationToken);
        var glm = Unscaled(fit);

        // Truth: log rate = −1 + 0.5·x + 0.7·[east]; slots: x, region levels…, other.
        Assert.True(fit.Converged);
        var slot = encoder.SlotNames.ToList();
        Assert.Equal(0.5, glm.Coefficients[slot.IndexOf("x")], 1);
        var east = glm.Coefficients[slot.IndexOf("region=east")];
        var north = glm.Coefficients[slot.IndexOf("region=north")];
        Assert.Equal(0.7, east - north, 1);
        var northRate = Math.Exp(glm.Intercept + north);
        Assert.Equal(Math.Exp(-1), northRate, 1);
    }

    [Fact]
    public void Fit_PoissonWithOffsetMatchesTheHandComputedRates()
    {
        // One binary slot. With a log-exposure offset the MLE of each group's rate is Σcount / Σexposure:
        // x = 0: (1 + 4) / (2 + 3) = 1 → intercept ln 1 = 0; x = 1: (0 + 2) / (1 + 4) = 0.4 → slope ln 0.4.
        var set = Set([0, 0, 1, 1], y: [1, 4, 0, 2], exposure: [2, 3, 1, 4]);

        var fit = IrlsGlm.Fit("poisson", set, 0, TestContext.Current.CancellationToken);
        var glm = Unscaled(fit);

        Assert.True(fit.Converged);
        Assert.Equal(0, glm.Intercept, 6);
        Assert.Equal(Math.Log(0.4), glm.Coefficients[0], 6);
    }

    [Fact]
    public void Fit_GammaLogLinkMatchesTheGroupMeans()
    {
        // Gamma with log link and one binary slot: the MLE mean of each group is its sample mean, 150 and 40.
        var set = Set([0, 0, 1, 1, 1], y: [100, 200, 20, 40, 60], exposure: [1, 1, 1, 1, 1]);

        var fit = IrlsGlm.Fit("gamma", set, 0, TestContext.Current.CancellationToken);
        var glm = Unscaled(fit);

        Assert.True(fit.Converged);
        Assert.Equal(Math.Log(150), glm.Intercept, 6);
        Assert.Equal(Math.Log(40.0 / 150), glm.Coefficients[0], 6);
    }

    [FsCheck.Xunit.Property(MaxTest = 50)]
    public Property Fit_PoissonGroupRatesAreTheExposureWeightedMeans() =>
        Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(0, 6), 12).ToArbitrary(),
            Gen.ArrayOf(Gen.Choose(1, 50), 12).ToArbitrary(),
            (counts, tenthsOfExposure) =>
            {
                // Both groups need a claim for a finite MLE; the property is about the rates, not the edge case.
                counts[0] = Math.Max(1, counts[0]);
                counts[6] = Math.Max(1, counts[6]);
                var x = Enumerable.Range(0, 12).Select(i => i < 6 ? 0.0 : 1.0).ToArray();
                var exposure = tenthsOfExposure.Select(e => e / 10.0).ToArray();
                var glm = Unscaled(IrlsGlm.Fit("poisson", Set(x, [.. counts.Select(c => (double)c)], exposure), 0, CancellationToken.None));
                double Rate(int from) => counts.Skip(from).Take(6).Sum() / exposure.Skip(from).Take(6).Sum();
                return Math.Abs(Math.Exp(glm.Intercept) - Rate(0)) < 1e-6 * Rate(0)
                       && Math.Abs(Math.Exp(glm.Intercept + glm.Coefficients[0]) - Rate(6)) < 1e-6 * Rate(6);
            });

    private static (double Intercept, double[] Coefficients) Unscaled(Models.Scoring.GlmCoefficients fit)
    {
        var (intercept, perUnit) = fit.Unscaled();
        return (intercept, perUnit);
    }

    private static EncodedSet Set(double[] x, double[] y, double[] exposure) => new()
    {
        X = [.. x.Select(v => (float)v)], Rows = x.Length, Width = 1, Y = y, W = [.. y.Select(_ => 1.0)], Exposure = exposure,
        Index = [.. Enumerable.Range(0, x.Length)],
    };

    [Fact]
    public void Fit_LogisticRecoversTheTrueSlope()
    {
        var data = SyntheticData.Binary(20_000, seed: 14);
        var rows = Enumerable.Range(0, data.RowCount).ToArray();
        var encoder = EncoderFitter.Fit(data, rows);
        var set = EncodedSet.Build(data, encoder, rows);

        var glm = Unscaled(IrlsGlm.Fit("binomial", set, 1e-9, TestContext.Current.CancellationToken));

        // Missing speeding is filled with the median (≈ 0), which only dilutes the slope slightly.
        var slot = encoder.SlotNames.ToList();
        Assert.Equal(1.2, glm.Coefficients[slot.IndexOf("speeding")], 0);
        Assert.Equal(-0.8 / 12, glm.Coefficients[slot.IndexOf("age")], 2);
    }
}
