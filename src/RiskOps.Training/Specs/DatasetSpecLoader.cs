using RiskOps.Core.Modeling;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RiskOps.Training.Specs;

/// <summary>Reads and checks a <see cref="DatasetSpec"/>; every error names the offending field.</summary>
public static class DatasetSpecLoader
{
    /// <summary>Reads the spec at <paramref name="path"/> and resolves its data path against the spec's folder.</summary>
    public static DatasetSpec Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new DatasetSpecException($"dataset spec '{path}' does not exist");
        }
        var spec = Parse(File.ReadAllText(path));
        spec.Name ??= Path.GetFileNameWithoutExtension(path);
        if (spec.Data is not null && !Path.IsPathRooted(spec.Data))
        {
            spec.Data = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, spec.Data));
        }
        return spec;
    }

    /// <summary>Parses spec YAML and checks the fields that need no data.</summary>
    public static DatasetSpec Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(HyphenatedNamingConvention.Instance)
            .Build();
        DatasetSpec? spec;
        try
        {
            // Keys may be written snake_case or kebab-case; both are normalised to kebab-case.
            spec = deserializer.Deserialize<DatasetSpec>(NormaliseKeys(yaml));
        }
        catch (YamlException ex)
        {
            var message = (ex.InnerException ?? ex).Message;
            var field = message.Contains("not found on type", StringComparison.Ordinal)
                ? $"unknown field '{ExtractQuoted(message)}'"
                : $"invalid YAML at line {ex.Start.Line}: {message}";
            throw new DatasetSpecException($"dataset spec: {field}");
        }
        spec ??= new DatasetSpec();
        Check(spec);
        return spec;
    }

    /// <summary>The task named by <see cref="DatasetSpec.Task"/>.</summary>
    public static ModelTask TaskOf(DatasetSpec spec) => spec.Task?.Trim().ToLowerInvariant() switch
    {
        "binary" => ModelTask.Binary,
        "regression" => ModelTask.Regression,
        "poisson-with-exposure" or "poisson" => ModelTask.PoissonWithExposure,
        "multiclass" => ModelTask.Multiclass,
        _ => throw new DatasetSpecException(
            $"dataset spec field 'task': '{spec.Task}' is not one of binary, regression, poisson-with-exposure, multiclass"),
    };

    private static void Check(DatasetSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Data))
        {
            throw new DatasetSpecException("dataset spec field 'data' is required (path to a CSV or Parquet file)");
        }
        if (string.IsNullOrWhiteSpace(spec.Target))
        {
            throw new DatasetSpecException("dataset spec field 'target' is required");
        }
        if (string.IsNullOrWhiteSpace(spec.Task))
        {
            throw new DatasetSpecException("dataset spec field 'task' is required (binary, regression, poisson-with-exposure, multiclass)");
        }
        var task = TaskOf(spec);
        if (task == ModelTask.PoissonWithExposure && string.IsNullOrWhiteSpace(spec.Exposure))
        {
            throw new DatasetSpecException("dataset spec field 'exposure' is required for task poisson-with-exposure");
        }
        if (spec.HoldoutFraction is <= 0 or >= 0.9)
        {
            throw new DatasetSpecException($"dataset spec field 'holdout_fraction' must be in (0, 0.9), got {spec.HoldoutFraction}");
        }
        if (spec.FairnessRatio is <= 0 or > 1)
        {
            throw new DatasetSpecException($"dataset spec field 'fairness_ratio' must be in (0, 1], got {spec.FairnessRatio}");
        }
        if (spec.ReviewCost < 0)
        {
            throw new DatasetSpecException($"dataset spec field 'review_cost' must be non-negative, got {spec.ReviewCost}");
        }
        var roles = new[] { ("target", spec.Target), ("exposure", spec.Exposure), ("weight", spec.Weight), ("time", spec.Time), ("id", spec.Id) };
        foreach (var (field, column) in roles)
        {
            if (column is null)
            {
                continue;
            }
            foreach (var (listName, list) in new[] { ("categorical", spec.Categorical), ("numeric", spec.Numeric) })
            {
                if (list.Contains(column, StringComparer.Ordinal))
                {
                    throw new DatasetSpecException($"dataset spec field '{listName}': column '{column}' is already the {field} column");
                }
            }
        }
        foreach (var both in spec.Categorical.Intersect(spec.Numeric, StringComparer.Ordinal))
        {
            throw new DatasetSpecException($"dataset spec field 'numeric': column '{both}' is also listed as categorical");
        }
        foreach (var excluded in spec.Exclude.Intersect(spec.Categorical.Concat(spec.Numeric), StringComparer.Ordinal))
        {
            throw new DatasetSpecException($"dataset spec field 'exclude': column '{excluded}' is also listed as a feature");
        }
    }

    private static string NormaliseKeys(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var trimmed = line.TrimStart();
            if (colon > 0 && !trimmed.StartsWith('-') && !trimmed.StartsWith('#'))
            {
                lines[i] = line[..colon].Replace('_', '-') + line[colon..];
            }
        }
        return string.Join('\n', lines);
    }

    private static string ExtractQuoted(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return start >= 0 && end > start ? message[(start + 1)..end].Replace('-', '_') : message;
    }
}
