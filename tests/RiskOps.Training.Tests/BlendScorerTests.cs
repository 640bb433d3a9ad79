using RiskOps.Models.Scoring;

namespace RiskOps.Training.Tests;

public sealed class BlendScorerTests
{
    // Two hand-built log-rate GLMs on two raw slots: η₁ = −1 + 0.5·a, η₂ = 0.2 − 0.3·b.
    private static GlmScorer First() => new(new GlmCoefficients("poisson", -1, [0.5, 0], [0, 0], 1, true));

    private static GlmScorer Second() => new(new GlmCoefficients("poisson", 0.2, [0, -0.3], [0, 0], 1, true));

    [Fact]
    public void Score_IsTheWeightedSumOfThePartsLinks()
    {
        using var blend = new BlendScorer([First(), Second()], [0.7, 0.3]);
        float[] rows = [2, 1, -1, 4];
        var scores = new double[2];

        blend.Score(rows, 2, scores);

        // Row 1: 0.7·(−1 + 1) + 0.3·(0.2 − 0.3) = −0.03; row 2: 0.7·(−1 − 0.5) + 0.3·(0.2 − 1.2) = −1.35.
        Assert.Equal(-0.03, scores[0], 12);
        Assert.Equal(-1.35, scores[1], 12);
    }

    [Fact]
    public void SaveThenLoad_ScoresTheSameAndKeepsTheWeights()
    {
        using var temp = new TempDirectory();
        using var blend = new BlendScorer([First(), Second()], [0.4, 0.6]);

        var kind = blend.Save(temp.Path);
        using var loaded = BlendScorer.Load(temp.Path, (partKind, directory) => partKind == "glm" ? GlmScorer.Load(directory) : throw new InvalidOperationException(partKind));

        Assert.Equal(BlendScorer.Kind, kind);
        Assert.Equal([0.4, 0.6], loaded.Weights);
        float[] rows = [0.5f, -2, 3, 3];
        var expected = new double[2];
        var actual = new double[2];
        blend.Score(rows, 2, expected);
        loaded.Score(rows, 2, actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(0.5, 0.6)]
    [InlineData(1.2, -0.2)]
    [InlineData(double.NaN, 1)]
    public void Constructor_RefusesWeightsThatAreNotAShare(double first, double second)
    {
        var error = Assert.Throws<ArgumentException>(() => new BlendScorer([First(), Second()], [first, second]));

        Assert.Contains("weights", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RefusesABlendOfOne()
    {
        Assert.Throws<ArgumentException>(() => new BlendScorer([First()], [1.0]));
    }

    [Fact]
    public void Load_RefusesAPartFolderOutsideTheArtifact()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, BlendScorer.FileName),
            """[{"kind":"glm","folder":"../elsewhere","weight":0.5},{"kind":"glm","folder":"part1","weight":0.5}]""");

        var error = Assert.Throws<InvalidDataException>(() => BlendScorer.Load(temp.Path, (_, directory) => GlmScorer.Load(directory)));

        Assert.Contains("../elsewhere", error.Message, StringComparison.Ordinal);
    }
}
