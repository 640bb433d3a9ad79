using System.Globalization;
using RiskOps.Core.Modeling;

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

    /// <summary>
    /// Events a leaf of a count model holds at least on average (see <see cref="MinLeafFloor"/>). Twenty events
    /// put the Poisson standard error of a leaf's log-rate near 0.22: a tree can still split a rate that doubles,
    /// but no longer fits a leaf to the noise of a handful of bookings.
    /// </summary>
    public const double MinEventsPerLeaf = 20;

    /// <summary>Smallest leaf any sampled configuration allows without a floor.</summary>
    public const int SmallestLeaf = 5;

    /// <summary>
    /// The least rows per leaf the search may sample for a task: for a count objective, enough rows that a leaf
    /// holds <see cref="MinEventsPerLeaf"/> events at the training set's mean count per row (a leaf of 5 rows
    /// at 0.1 events per row is mostly zeros, and the Poisson step drives such a leaf's rate towards 0 — trees
    /// then memorise noise). Capped at 1/20 of the rows so a tree can still split; 0 (no floor) for other tasks.
    /// FastTree and LightGBM count a leaf in rows, so the floor is in rows too.
    /// </summary>
    public static int MinLeafFloor(ModelTask task, ReadOnlySpan<double> y)
    {
        if (task != ModelTask.PoissonWithExposure || y.IsEmpty)
        {
            return 0;
        }
        var events = 0.0;
        foreach (var value in y)
        {
            events += Math.Max(0, value);
        }
        var floor = events > 0 ? Math.Ceiling(MinEventsPerLeaf * y.Length / events) : double.PositiveInfinity;
        return (int)Math.Max(SmallestLeaf, Math.Min(floor, y.Length / 20.0));
    }

    /// <summary>
    /// A random point drawn from the search space (log-uniform where scale matters). With a
    /// <paramref name="minLeafFloor"/> (see <see cref="MinLeafFloor"/>) the leaf size is drawn log-uniformly from
    /// [floor, 8 × floor]; without one from [5, 200).
    /// </summary>
    public static HyperParameters Sample(Random random, int trees, int minLeafFloor = 0)
    {
        ArgumentNullException.ThrowIfNull(random);
        var learningRate = Math.Exp(Lerp(Math.Log(0.02), Math.Log(0.3), random.NextDouble()));
        var leaves = random.Next(8, 128);
        var minLeaf = minLeafFloor > 0
            ? (int)Math.Round(Math.Exp(Lerp(Math.Log(minLeafFloor), Math.Log(8.0 * minLeafFloor), random.NextDouble())))
            : random.Next(SmallestLeaf, 200);
        return new(trees, learningRate, leaves, Math.Max(minLeaf, minLeafFloor), Lerp(0.5, 1.0, random.NextDouble()),
            Math.Exp(Lerp(Math.Log(1e-6), Math.Log(10), random.NextDouble())))
        {
            Subsample = Lerp(0.5, 1.0, random.NextDouble()),
        };
    }

    /// <summary>A sensible first point, always evaluated; its leaf size is at least <paramref name="minLeafFloor"/>.</summary>
    public static HyperParameters Default(int trees, int minLeafFloor = 0) => new(trees, 0.1, 31, Math.Max(20, minLeafFloor), 1.0, 1e-4);

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;
}
