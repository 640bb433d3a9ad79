using System.Globalization;
using RiskOps.Core.Modeling;

namespace RiskOps.Training.Data;

/// <summary>
/// Refuses data a model cannot honestly learn from, with an explanation: too few rows, a single
/// class or constant target, a constant or all-missing feature, a feature identical to the target
/// (a leak), and a time column that goes backwards.
/// </summary>
public static class DataValidator
{
    /// <summary>Fewest accepted rows training will run on.</summary>
    public const int MinimumRows = 50;

    /// <summary>
    /// Features that are constant or missing in every row, with the reason. With
    /// <c>drop_degenerate_features</c> the pipeline removes them (and reports each); otherwise
    /// <see cref="Validate"/> refuses the data on the first.
    /// </summary>
    public static IReadOnlyList<(string Feature, string Reason)> DegenerateFeatures(TabularData data)
    {
        var result = new List<(string, string)>();
        foreach (var feature in data.Features)
        {
            var values = feature.Kind == FeatureKind.Numeric
                ? data.Numeric[feature.Name].Where(v => !double.IsNaN(v)).Select(v => v.ToString("R", CultureInfo.InvariantCulture))
                : data.Categorical[feature.Name].Where(v => v is not null).Select(v => v!);
            var distinct = values.Distinct(StringComparer.Ordinal).Take(2).ToList();
            if (distinct.Count == 0)
            {
                result.Add((feature.Name, "missing in every row"));
            }
            else if (distinct.Count == 1)
            {
                result.Add((feature.Name, $"constant ({distinct[0]})"));
            }
        }
        return result;
    }

    /// <summary>Checks <paramref name="data"/>; throws <see cref="TrainingDataException"/> on the first problem.</summary>
    /// <param name="data">Accepted rows.</param>
    /// <param name="allowUnsortedTime">When true, out-of-order time is accepted (the caller sorts).</param>
    public static void Validate(TabularData data, bool allowUnsortedTime)
    {
        var n = data.RowCount;
        if (n < MinimumRows)
        {
            throw new TrainingDataException($"only {n} usable rows; training needs at least {MinimumRows}");
        }
        CheckTarget(data);
        foreach (var feature in data.Features)
        {
            if (feature.Kind == FeatureKind.Numeric)
            {
                CheckNumeric(feature.Name, data.Numeric[feature.Name], data);
            }
            else
            {
                CheckCategorical(feature.Name, data.Categorical[feature.Name], data);
            }
        }
        if (data.Time is { } time && !allowUnsortedTime)
        {
            for (var i = 1; i < time.Length; i++)
            {
                if (time[i] < time[i - 1])
                {
                    throw new TrainingDataException(
                        $"time column goes backwards at accepted row {i + 1} ({Format(time[i])} after {Format(time[i - 1])}); " +
                        "a time-ordered file is expected — sort it, or set allow_unsorted_time: true");
                }
            }
        }
    }

    private static void CheckTarget(TabularData data)
    {
        var distinct = data.Target.Distinct().Count();
        switch (data.Task)
        {
            case ModelTask.Binary when distinct < 2:
                throw new TrainingDataException(
                    $"the target has one class only (every row is {data.Target[0]}); a binary model needs both classes");
            case ModelTask.Multiclass when distinct < 2:
                throw new TrainingDataException("the target has one class only; a multiclass model needs at least two");
            case ModelTask.Regression or ModelTask.PoissonWithExposure when distinct < 2:
                throw new TrainingDataException($"the target is constant ({data.Target[0]}); there is nothing to learn");
        }
    }

    private static void CheckNumeric(string name, double[] values, TabularData data)
    {
        var present = 0;
        var first = double.NaN;
        var constant = true;
        var equalToTarget = true;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsNaN(v))
            {
                continue;
            }
            if (present == 0)
            {
                first = v;
            }
            else if (v != first)
            {
                constant = false;
            }
            if (v != data.Target[i])
            {
                equalToTarget = false;
            }
            present++;
        }
        if (present == 0)
        {
            throw new TrainingDataException($"feature '{name}' is missing in every row; drop it (exclude) or fix the extract");
        }
        if (constant)
        {
            throw new TrainingDataException($"feature '{name}' is constant ({first.ToString(CultureInfo.InvariantCulture)}) in every non-missing row; it carries no information");
        }
        if (equalToTarget && present >= values.Length / 2)
        {
            throw new TrainingDataException($"feature '{name}' is identical to the target; it leaks the answer — exclude it");
        }
    }

    private static void CheckCategorical(string name, string?[] values, TabularData data)
    {
        var levels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (v is not null)
            {
                levels.Add(v);
            }
        }
        if (levels.Count == 0)
        {
            throw new TrainingDataException($"feature '{name}' is missing in every row; drop it (exclude) or fix the extract");
        }
        if (levels.Count == 1)
        {
            throw new TrainingDataException($"feature '{name}' is constant ('{levels.First()}') in every non-missing row; it carries no information");
        }
        // A categorical that is a one-to-one relabelling of the target (e.g. "yes"/"no" beside 1/0) is the target itself.
        var levelToTarget = new Dictionary<string, double>(StringComparer.Ordinal);
        var targetToLevel = new Dictionary<double, string>();
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (v is null
                || (levelToTarget.TryGetValue(v, out var t) && t != data.Target[i])
                || (targetToLevel.TryGetValue(data.Target[i], out var l) && l != v))
            {
                return;
            }
            levelToTarget[v] = data.Target[i];
            targetToLevel[data.Target[i]] = v;
        }
        throw new TrainingDataException($"feature '{name}' is identical to the target (a one-to-one relabelling of it); it leaks the answer — exclude it");
    }

    private static string Format(long ticks) => new DateTime(ticks, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
}
