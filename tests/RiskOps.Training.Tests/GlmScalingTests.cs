using RiskOps.Core.Modeling;
using RiskOps.Models.Scoring;
using RiskOps.Training.Data;
using RiskOps.Training.Modeling;

namespace RiskOps.Training.Tests;

/// <summary>
/// The GLM's input scaling: numeric slots clipped to training quantiles and standardised, with the
/// scaling stored in the artifact so serving and explanations apply what training did.
/// </summary>
public sealed class GlmScalingTests
{
    [Fact]
    public void Fit_StoresClipBoundsAndStandardisationComputedFromTraining()
    {
        var (set, amount) = HeavyTailed(2_000, seed: 3);

        var glm = IrlsGlm.Fit("binomial", set, 1e-3, TestContext.Current.CancellationToken);

        // Recomputed independently: the amount slot (0) is clipped at its 0.5% / 99.5% order statistics…
        var sorted = amount.Order().ToArray();
        var last = sorted.Length - 1;
        Assert.Equal(sorted[(int)Math.Floor(0.005 * last)], glm.Lower![0], 9);
        Assert.Equal(sorted[(int)Math.Ceiling(0.995 * last)], glm.Upper![0], 9);
        // …then standardised by the mean and (population) standard deviation of the clipped values.
        var clipped = amount.Select(a => Math.Clamp(a, glm.Lower[0], glm.Upper[0])).ToArray();
        var mean = clipped.Average();
        Assert.Equal(mean, glm.Center![0], 6);
        Assert.Equal(Math.Sqrt(clipped.Select(c => (c - mean) * (c - mean)).Average()), glm.Scale![0], 6);
        // One-hot slots are never clipped.
        Assert.True(double.IsNegativeInfinity(glm.Lower[1]) && double.IsPositiveInfinity(glm.Upper[1]));
    }

    [Fact]
    public void Score_AnExtremeAmountCountsAsTheClipBoundAndSurvivesASaveLoadRoundTrip()
    {
        var (set, _) = HeavyTailed(2_000, seed: 4);
        var glm = IrlsGlm.Fit("binomial", set, 1e-3, TestContext.Current.CancellationToken);
        var scorer = new GlmScorer(glm);

        // Four rows sharing the first training row's level slots: amount at the upper bound, far above it, missing, at the median.
        var w = set.Width;
        var rows = new float[4 * w];
        for (var r = 0; r < 4; r++)
        {
            set.X.AsSpan(0, w).CopyTo(rows.AsSpan(r * w, w));
        }
        rows[0] = (float)glm.Upper![0];
        rows[w] = 1e9f;
        rows[2 * w] = float.NaN;
        rows[3 * w] = (float)glm.Fill[0];
        var scores = new double[4];
        scorer.Score(rows, 4, scores);

        Assert.Equal(scores[0], scores[1], 12);
        Assert.Equal(scores[3], scores[2], 12);
        // η = b0 + Σ β·(clip(x) − centre) / scale, recomputed for the first row.
        var expected = glm.Intercept;
        for (var j = 0; j < w; j++)
        {
            expected += glm.Scale![j] == 0 ? 0 : glm.Coefficients[j] * (Math.Clamp(rows[j], glm.Lower![j], glm.Upper[j]) - glm.Center![j]) / glm.Scale[j];
        }
        Assert.Equal(expected, scores[0], 9);

        var dir = Directory.CreateTempSubdirectory("riskops-glm-").FullName;
        try
        {
            scorer.Save(dir);
            var loaded = GlmScorer.Load(dir);
            var again = new double[4];
            loaded.Score(rows, 4, again);
            Assert.Equal(scores, again);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Fit_SeparableSmallSetKeepsFiniteCoefficientsWithTheDefaultRidge()
    {
        // 120 rows where a flag decides the label: unpenalised, the logit runs off to ±∞.
        var random = new Random(5);
        var n = 120;
        var flag = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.3 ? 1.0 : 0.0).ToArray();
        var y = flag.ToArray();
        var data = new TabularData
        {
            Task = ModelTask.Binary, Target = y, Features = [new("flag", FeatureKind.Numeric)], Numeric = new() { ["flag"] = flag },
        };
        var rows = Enumerable.Range(0, n).ToArray();
        var set = EncodedSet.Build(data, EncoderFitter.Fit(data, rows), rows);

        var defaultL2 = HyperParameters.Default(100).L2 * 10;
        var glm = IrlsGlm.Fit("binomial", set, defaultL2, TestContext.Current.CancellationToken);

        Assert.True(glm.Converged);
        Assert.InRange(glm.Coefficients[0], 1, 10);
        Assert.InRange(Math.Abs(glm.Intercept), 0, 30);
    }

    /// <summary>Slot 0: a log-normal amount (heavy right tail); slot 1: a 0/1 level; label from log(amount).</summary>
    private static (EncodedSet Set, double[] Amount) HeavyTailed(int n, int seed)
    {
        var random = new Random(seed);
        var amount = new double[n];
        var level = new string?[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            amount[i] = Math.Round(Math.Exp(7 + 1.5 * SyntheticData.Normal(random)), 2);
            level[i] = random.NextDouble() < 0.5 ? "a" : "b";
            var logit = -1 + 0.8 * (Math.Log(amount[i]) - 7) + (level[i] == "a" ? 0.5 : 0);
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
        }
        var data = new TabularData
        {
            Task = ModelTask.Binary, Target = y,
            Features = [new("amount", FeatureKind.Numeric), new("level", FeatureKind.Categorical)],
            Numeric = new() { ["amount"] = amount }, Categorical = new() { ["level"] = level },
        };
        var rows = Enumerable.Range(0, n).ToArray();
        var set = EncodedSet.Build(data, EncoderFitter.Fit(data, rows), rows);
        // float slots, as the trainers see them
        return (set, [.. Enumerable.Range(0, n).Select(r => (double)set.X[r * set.Width])]);
    }
}
