using System.Globalization;

namespace RiskOps.Training.Modeling;

/// <summary>One point of the search space. GLMs use only <see cref="L2"/>.</summary>
public sealed record HyperParameters(int Trees, double LearningRate, int Leaves, int MinLeaf, double FeatureFraction, double L2)
{
    /// <summary>
    /// Share of rows each tree is grown on (bagging, redrawn every iteration); 1 = every row. Below 1 it
    /// regularizes and, on millions of rows, roughly halves the histogram work per tree.
    /// </summary>
    public double Subsample { get; init; } = 1.0;

    /// <summary>The parameters as manifest strings.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary(TrainerKind kind) => kind == TrainerKind.Glm
        ? new Dictionary<string, string> { ["l2"] = L2.ToString("G6", CultureInfo.InvariantCulture) }
        : new Dictionary<string, string>
        {
            ["trees"] = Trees.ToString(CultureInfo.InvariantCulture),
            ["learning_rate"] = LearningRate.ToString("G6", CultureInfo.InvariantCulture),
            ["leaves"] = Leaves.ToString(CultureInfo.InvariantCulture),
            ["min_leaf"] = MinLeaf.ToString(CultureInfo.InvariantCulture),
            ["feature_fraction"] = FeatureFraction.ToString("G6", CultureInfo.InvariantCulture),
            ["l2"] = L2.ToString("G6", CultureInfo.InvariantCulture),
            ["subsample"] = Subsample.ToString("G6", CultureInfo.InvariantCulture),
        };

    /// <summary>A random point drawn from the search space (log-uniform where scale matters).</summary>
    public static HyperParameters Sample(Random random, int trees) => new(
        trees,
        Math.Exp(Lerp(Math.Log(0.02), Math.Log(0.3), random.NextDouble())),
        random.Next(8, 128),
        random.Next(5, 200),
        Lerp(0.5, 1.0, random.NextDouble()),
        Math.Exp(Lerp(Math.Log(1e-6), Math.Log(10), random.NextDouble())))
    {
        Subsample = Lerp(0.5, 1.0, random.NextDouble()),
    };

    /// <summary>A sensible first point, always evaluated.</summary>
    public static HyperParameters Default(int trees) => new(trees, 0.1, 31, 20, 1.0, 1e-4);

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;
}
