using System.Globalization;
using DuckDB.NET.Data;
using RiskOps.Core.Modeling;
using RiskOps.Training.Specs;

namespace RiskOps.Training.Data;

/// <summary>
/// Reads the CSV or Parquet file a <see cref="DatasetSpec"/> names, through DuckDB (one reader for
/// both formats, with type sniffing). Rows without a usable target, exposure or time are quarantined
/// with a reason; unparseable or missing feature values are kept as missing and counted.
/// </summary>
public static class DatasetReader
{
    public static async Task<LoadedDataset> ReadAsync(DatasetSpec spec, CancellationToken cancellationToken)
    {
        var path = spec.Data!;
        if (!File.Exists(path))
        {
            throw new DatasetSpecException($"dataset spec field 'data': file '{path}' does not exist");
        }
        var source = path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? $"read_parquet('{Escape(path)}')"
            : path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase)
                ? $"read_csv('{Escape(path)}', header = true, auto_detect = true)"
                : throw new DatasetSpecException($"dataset spec field 'data': '{path}' is neither .csv nor .parquet");

        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "SET TimeZone = 'UTC'", cancellationToken);
        try
        {
            await ExecuteAsync(connection, $"CREATE VIEW src AS SELECT * FROM {source}", cancellationToken);
        }
        catch (DuckDBException ex)
        {
            throw new TrainingDataException($"cannot read '{path}': {FirstLine(ex.Message)}");
        }

        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var describe = connection.CreateCommand())
        {
            describe.CommandText = "DESCRIBE src";
            await using var reader = await describe.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                columns[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var task = DatasetSpecLoader.TaskOf(spec);
        var features = ResolveFeatures(spec, columns, path);
        RequireColumn("target", spec.Target, columns, path);
        RequireColumn("exposure", spec.Exposure, columns, path);
        RequireColumn("weight", spec.Weight, columns, path);
        RequireColumn("time", spec.Time, columns, path);
        RequireColumn("id", spec.Id, columns, path);
        RequireColumn("cost_column", spec.CostColumn, columns, path);
        foreach (var group in spec.FairnessGroups)
        {
            RequireColumn("fairness_groups", group, columns, path);
        }

        var select = new List<string>
        {
            $"CAST({Q(spec.Target!)} AS VARCHAR)",
            spec.Exposure is null ? "NULL" : $"TRY_CAST({Q(spec.Exposure)} AS DOUBLE)",
            spec.Weight is null ? "NULL" : $"TRY_CAST({Q(spec.Weight)} AS DOUBLE)",
            spec.Time is null ? "NULL" : $"epoch_us(TRY_CAST({Q(spec.Time)} AS TIMESTAMPTZ))",
            spec.Id is null ? "NULL" : $"CAST({Q(spec.Id)} AS VARCHAR)",
            spec.CostColumn is null ? "NULL" : $"TRY_CAST({Q(spec.CostColumn)} AS DOUBLE)",
        };
        foreach (var feature in features)
        {
            select.Add(feature.Kind == FeatureKind.Numeric ? $"TRY_CAST({Q(feature.Name)} AS DOUBLE)" : $"CAST({Q(feature.Name)} AS VARCHAR)");
            select.Add($"{Q(feature.Name)} IS NULL");
        }
        foreach (var group in spec.FairnessGroups)
        {
            select.Add($"CAST({Q(group)} AS VARCHAR)");
        }

        var target = new List<string?>();
        var exposure = new List<double>();
        var weight = new List<double>();
        var time = new List<long>();
        var ids = new List<string?>();
        var cost = new List<double>();
        var numeric = features.Where(f => f.Kind == FeatureKind.Numeric).ToDictionary(f => f.Name, _ => new List<double>(), StringComparer.Ordinal);
        var categorical = features.Where(f => f.Kind == FeatureKind.Categorical).ToDictionary(f => f.Name, _ => new List<string?>(), StringComparer.Ordinal);
        var groups = spec.FairnessGroups.ToDictionary(g => g, _ => new List<string?>(), StringComparer.Ordinal);
        var missing = features.ToDictionary(f => f.Name, _ => 0L, StringComparer.Ordinal);
        var unparseable = features.Where(f => f.Kind == FeatureKind.Numeric).ToDictionary(f => f.Name, _ => 0L, StringComparer.Ordinal);
        var quarantined = new List<QuarantinedRow>();
        long sourceRows = 0;

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {string.Join(", ", select)} FROM src";
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    sourceRows++;
                    var id = reader.IsDBNull(4) ? null : reader.GetString(4);
                    var reason = RowProblem(reader, spec);
                    if (reason is not null)
                    {
                        quarantined.Add(new QuarantinedRow(sourceRows, id, reason));
                        continue;
                    }
                    target.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
                    exposure.Add(reader.IsDBNull(1) ? 1 : reader.GetDouble(1));
                    weight.Add(reader.IsDBNull(2) ? 1 : reader.GetDouble(2));
                    time.Add(reader.IsDBNull(3) ? 0 : reader.GetInt64(3) * 10 + DateTime.UnixEpoch.Ticks);
                    ids.Add(id);
                    cost.Add(reader.IsDBNull(5) ? 0 : reader.GetDouble(5));
                    var ordinal = 6;
                    foreach (var feature in features)
                    {
                        var isNull = reader.GetBoolean(ordinal + 1);
                        if (feature.Kind == FeatureKind.Numeric)
                        {
                            var value = reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);
                            if (!double.IsFinite(value))
                            {
                                value = double.NaN;
                                missing[feature.Name]++;
                                if (!isNull)
                                {
                                    unparseable[feature.Name]++;
                                }
                            }
                            numeric[feature.Name].Add(value);
                        }
                        else
                        {
                            var value = reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
                            if (string.IsNullOrEmpty(value))
                            {
                                missing[feature.Name]++;
                                value = null;
                            }
                            categorical[feature.Name].Add(value);
                        }
                        ordinal += 2;
                    }
                    foreach (var group in spec.FairnessGroups)
                    {
                        groups[group].Add(reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal));
                        ordinal++;
                    }
                }
            }
            catch (DuckDBException ex)
            {
                throw new TrainingDataException($"cannot read '{path}': {FirstLine(ex.Message)}");
            }
        }

        var (labels, classLabels, badTargets) = TargetEncoding.Encode(task, target, spec);
        // Rows whose target cannot be read as the task needs are quarantined, not dropped silently.
        var keep = Enumerable.Range(0, labels.Length).Where(i => !badTargets.Contains(i)).ToArray();
        if (badTargets.Count > 0)
        {
            var acceptedRowNumbers = AcceptedRowNumbers(sourceRows, quarantined);
            foreach (var i in badTargets)
            {
                quarantined.Add(new QuarantinedRow(acceptedRowNumbers[i], ids[i], $"target '{spec.Target}' value '{target[i]}' is not valid for task {spec.Task}"));
            }
            quarantined.Sort((a, b) => a.Row.CompareTo(b.Row));
        }

        var data = new TabularData
        {
            Task = task,
            Target = [.. keep.Select(i => labels[i])],
            Exposure = spec.Exposure is null ? null : [.. keep.Select(i => exposure[i])],
            Weight = spec.Weight is null ? null : [.. keep.Select(i => weight[i])],
            Time = spec.Time is null ? null : [.. keep.Select(i => time[i])],
            Ids = spec.Id is null ? null : [.. keep.Select(i => ids[i])],
            Cost = spec.CostColumn is null ? null : [.. keep.Select(i => cost[i])],
            Features = features,
            Numeric = numeric.ToDictionary(kv => kv.Key, kv => keep.Select(i => kv.Value[i]).ToArray(), StringComparer.Ordinal),
            Categorical = categorical.ToDictionary(kv => kv.Key, kv => keep.Select(i => kv.Value[i]).ToArray(), StringComparer.Ordinal),
            Groups = groups.ToDictionary(kv => kv.Key, kv => keep.Select(i => kv.Value[i]).ToArray(), StringComparer.Ordinal),
            ClassLabels = classLabels,
        };
        return new LoadedDataset(data, sourceRows, quarantined, missing, unparseable);
    }

    private static string? RowProblem(System.Data.Common.DbDataReader reader, DatasetSpec spec)
    {
        if (reader.IsDBNull(0))
        {
            return $"target '{spec.Target}' is missing";
        }
        if (spec.Exposure is not null && (reader.IsDBNull(1) || !(reader.GetDouble(1) > 0) || !double.IsFinite(reader.GetDouble(1))))
        {
            return $"exposure '{spec.Exposure}' is missing or not positive";
        }
        if (spec.Weight is not null && (reader.IsDBNull(2) || !(reader.GetDouble(2) >= 0) || !double.IsFinite(reader.GetDouble(2))))
        {
            return $"weight '{spec.Weight}' is missing or negative";
        }
        if (spec.Time is not null && reader.IsDBNull(3))
        {
            return $"time '{spec.Time}' is missing or not a timestamp";
        }
        return null;
    }

    private static long[] AcceptedRowNumbers(long sourceRows, List<QuarantinedRow> quarantined)
    {
        var refused = quarantined.Select(q => q.Row).ToHashSet();
        var result = new List<long>();
        for (long row = 1; row <= sourceRows; row++)
        {
            if (!refused.Contains(row))
            {
                result.Add(row);
            }
        }
        return [.. result];
    }

    private static List<FeatureRef> ResolveFeatures(DatasetSpec spec, Dictionary<string, string> columns, string path)
    {
        foreach (var (field, list) in new[] { ("categorical", spec.Categorical), ("numeric", spec.Numeric), ("exclude", spec.Exclude) })
        {
            foreach (var column in list)
            {
                RequireColumn(field, column, columns, path);
            }
        }
        if (spec.Categorical.Count + spec.Numeric.Count > 0)
        {
            return [.. spec.Numeric.Select(n => new FeatureRef(n, FeatureKind.Numeric)), .. spec.Categorical.Select(c => new FeatureRef(c, FeatureKind.Categorical))];
        }
        // No feature lists: every column not given another role is a feature, typed by what DuckDB sniffed.
        var roles = new HashSet<string?>([spec.Target, spec.Exposure, spec.Weight, spec.Time, spec.Id, spec.CostColumn, .. spec.Exclude, .. spec.FairnessGroups], StringComparer.Ordinal);
        var features = columns.Where(c => !roles.Contains(c.Key))
            .Select(c => new FeatureRef(c.Key, IsNumericType(c.Value) ? FeatureKind.Numeric : FeatureKind.Categorical))
            .ToList();
        return features.Count > 0 ? features : throw new DatasetSpecException("dataset spec fields 'numeric'/'categorical': no feature columns are left");
    }

    private static bool IsNumericType(string duckType) =>
        duckType is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT"
            or "FLOAT" or "DOUBLE" or "BOOLEAN" || duckType.StartsWith("DECIMAL", StringComparison.Ordinal);

    private static void RequireColumn(string field, string? column, Dictionary<string, string> columns, string path)
    {
        if (column is not null && !columns.ContainsKey(column))
        {
            throw new DatasetSpecException(
                $"dataset spec field '{field}': column '{column}' is not in '{Path.GetFileName(path)}' (columns: {string.Join(", ", columns.Keys)})");
        }
    }

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Q(string column) => "\"" + column.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Escape(string path) => path.Replace("'", "''", StringComparison.Ordinal);

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    internal static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
