using RiskOps.Core.Modeling;

namespace RiskOps.Training.Data;

/// <summary>
/// An accepted training table held column-wise: the target (0/1, value, count or class index),
/// optional exposure, weight and time, and the features. Built by <see cref="DatasetReader"/> from a
/// user file, or directly by the built-in world and the benchmark.
/// </summary>
public sealed class TabularData
{
    public required ModelTask Task { get; init; }

    public required double[] Target { get; init; }

    public double[]? Exposure { get; init; }

    public double[]? Weight { get; init; }

    /// <summary>UTC ticks of the time column, or null when the data has no time.</summary>
    public long[]? Time { get; init; }

    public string?[]? Ids { get; init; }

    /// <summary>Optional cost at stake per row (business metrics).</summary>
    public double[]? Cost { get; init; }

    /// <summary>
    /// The true probability, rate or mean per row when known (the simulator's ground truth or a
    /// benchmark's generator); only evaluation reads it, to compute the oracle's score.
    /// </summary>
    public double[]? Oracle { get; set; }

    /// <summary>
    /// Optionally a second, clairvoyant reference that also knows outcomes no predictor can see at the row's time
    /// (the built-in world's realized hazard). Reported beside <see cref="Oracle"/> so nothing is hidden; efficiency
    /// is measured against <see cref="Oracle"/>.
    /// </summary>
    public double[]? ClairvoyantOracle { get; set; }

    /// <summary>
    /// Optionally an oracle restricted to what is knowable at the row's time where <see cref="Oracle"/> is not: the
    /// built-in demand world's true rate with the weather at the target hour replaced by its expectation given the
    /// weather observed at the forecast time (the world has no weather forecast). Reported beside
    /// <see cref="Oracle"/> (count tasks: <c>oracle_ex_ante_r2</c>); efficiency stays measured against <see cref="Oracle"/>.
    /// </summary>
    public double[]? ExAnteOracle { get; set; }

    /// <summary>
    /// Per-row typical level of a demand target (the bay's usual bookings per bucket) when known: evaluation
    /// then reports the surge class (low/medium/high from predicted over typical) against the oracle's class.
    /// </summary>
    public double[]? TypicalLevel { get; set; }

    /// <summary>Features in order; missing numeric values are NaN, missing levels null.</summary>
    public required IReadOnlyList<FeatureRef> Features { get; init; }

    public Dictionary<string, double[]> Numeric { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, string?[]> Categorical { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Group labels per fairness column.</summary>
    public Dictionary<string, string?[]> Groups { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Multiclass labels (index = target value); binary: the negative and positive label.</summary>
    public IReadOnlyList<string> ClassLabels { get; init; } = [];

    public int RowCount => Target.Length;

    /// <summary>The same rows without the named features.</summary>
    public TabularData WithoutFeatures(IReadOnlySet<string> names) => new()
    {
        Task = Task, Target = Target, Exposure = Exposure, Weight = Weight, Time = Time, Ids = Ids, Cost = Cost, Oracle = Oracle, ClairvoyantOracle = ClairvoyantOracle, ExAnteOracle = ExAnteOracle, TypicalLevel = TypicalLevel,
        Features = [.. Features.Where(f => !names.Contains(f.Name))],
        Numeric = Numeric.Where(kv => !names.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        Categorical = Categorical.Where(kv => !names.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        Groups = Groups, ClassLabels = ClassLabels,
    };
}
