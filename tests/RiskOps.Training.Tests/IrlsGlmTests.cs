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

        var glm = IrlsGlm.Fit("poisson", set, 1e-9, TestContext.Current.CancellationToken);

        // Truth: log rate = −1 + 0.5·x + 0.7·[east]; slots: x, region levels…, other.
        Assert.True(glm.Converged);
        var slot = encoder.SlotNames.ToList();
        Assert.Equal(0.5, glm.Coefficients[slot.IndexOf("x")], 1);
        var east = glm.Coefficients[slot.IndexOf("region=east")];
        var north = glm.Coefficients[slot.IndexOf("region=north")];
        Assert.Equal(0.7, east - north, 1);
        var northRate = Math.Exp(glm.Intercept + north);
        Assert.Equal(Math.Exp(-1), northRate, 1);
    }

    [Fact]
    public void Fit_LogisticRecoversTheTrueSlope()
    {
        var data = SyntheticData.Binary(20_000, seed: 14);
        var rows = Enumerable.Range(0, data.RowCount).ToArray();
        var encoder = EncoderFitter.Fit(data, rows);
        var set = EncodedSet.Build(data, encoder, rows);

        var glm = IrlsGlm.Fit("binomial", set, 1e-9, TestContext.Current.CancellationToken);

        // Missing speeding is filled with the median (≈ 0), which only dilutes the slope slightly.
        var slot = encoder.SlotNames.ToList();
        Assert.Equal(1.2, glm.Coefficients[slot.IndexOf("speeding")], 0);
        Assert.Equal(-0.8 / 12, glm.Coefficients[slot.IndexOf("age")], 2);
    }
}
