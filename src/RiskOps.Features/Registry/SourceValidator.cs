using DuckDB.NET.Data;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Features.Definitions;
using RiskOps.Features.Offline;

namespace RiskOps.Features.Registry;

/// <summary>
/// Checks a view against the Parquet schema of its source at registration time, so a missing or
/// mistyped column is refused then, not discovered by a training job hours later.
/// </summary>
internal static class SourceValidator
{
    private static readonly string[] s_numericTypes =
        ["DOUBLE", "FLOAT", "REAL", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT", "BOOLEAN", "DECIMAL"];

    public static async Task ValidateAsync(DuckDBConnection connection, DataLayout layout, FeatureView view, CancellationToken cancellationToken)
    {
        CheckShape(view);
        foreach (var table in view.Source.Tables)
        {
            var dir = layout.GoldTableDir(table);
            if (!Directory.Exists(dir) || !Directory.EnumerateFiles(dir, "*.parquet", SearchOption.AllDirectories).Any())
            {
                throw new FeatureStoreException($"view '{view.Name}' refused: source table '{table}' has no Parquet files under {dir}");
            }
        }

        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"DESCRIBE SELECT * FROM ({SourceSql.RawSource(layout, view.Source)})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                columns[reader.GetString(0)] = reader.GetString(1);
            }
        }
        catch (DuckDBException ex)
        {
            throw new FeatureStoreException($"view '{view.Name}' refused: its source cannot be read: {DuckDbSession.FirstLine(ex)}", ex);
        }

        var declared = new List<string> { view.Entity, view.EventTimestampField, view.CreatedTimestampField };
        declared.AddRange(view.Schema.Select(f => f.Name));
        var missing = declared.Where(c => !columns.ContainsKey(c)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new FeatureStoreException(
                $"view '{view.Name}' refused: source '{view.Source.Table}' lacks declared column(s) {string.Join(", ", missing)} " +
                $"(it has: {string.Join(", ", columns.Keys)})");
        }
        foreach (var ts in new[] { view.EventTimestampField, view.CreatedTimestampField })
        {
            if (!columns[ts].StartsWith("TIMESTAMP", StringComparison.Ordinal) && columns[ts] != "DATE")
            {
                throw new FeatureStoreException($"view '{view.Name}' refused: timestamp column '{ts}' is {columns[ts]}, not a TIMESTAMP");
            }
        }
        foreach (var field in view.Schema.Where(f => f.Kind == FeatureKind.Numeric))
        {
            var type = columns[field.Name];
            if (!s_numericTypes.Any(t => type.StartsWith(t, StringComparison.Ordinal)))
            {
                throw new FeatureStoreException($"view '{view.Name}' refused: numeric feature '{field.Name}' is {type} in the source");
            }
        }
    }

    private static void CheckShape(FeatureView view)
    {
        if (string.IsNullOrWhiteSpace(view.Name) || string.IsNullOrWhiteSpace(view.Entity))
        {
            throw new FeatureStoreException("a feature view needs a name and an entity column");
        }
        if (view.Ttl <= TimeSpan.Zero)
        {
            throw new FeatureStoreException($"view '{view.Name}' refused: TTL must be positive, got {view.Ttl}");
        }
        if (view.Schema.Count == 0)
        {
            throw new FeatureStoreException($"view '{view.Name}' refused: it declares no features");
        }
        var duplicate = view.Schema.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FeatureStoreException($"view '{view.Name}' refused: feature '{duplicate.Key}' is declared twice");
        }
        var reserved = view.Schema.FirstOrDefault(f => f.Name.StartsWith("__", StringComparison.Ordinal)
            || f.Name == view.Entity || f.Name == view.EventTimestampField || f.Name == view.CreatedTimestampField);
        if (reserved is not null)
        {
            throw new FeatureStoreException($"view '{view.Name}' refused: '{reserved.Name}' is a key or timestamp column, not a feature");
        }
    }
}
