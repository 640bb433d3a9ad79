using RiskOps.Core.Storage;
using RiskOps.Lakehouse.Engine;
using RiskOps.Lakehouse.Sources;

namespace RiskOps.Lakehouse.Silver;

/// <summary>
/// Where silver and quarantine files live and how to read them as DuckDB relations. Files are named
/// after the silver run that wrote them (<c>r000042…</c>), so a crashed run's files can be found and removed.
/// </summary>
internal sealed class SilverStore(DataLayout layout)
{
    public string SourceDir(string source) => Path.Combine(layout.SilverDir, source);

    public string QuarantineSourceDir(string source) => Path.Combine(layout.QuarantineDir, source);

    public static string RunPrefix(long runId) => $"r{runId:D6}";

    public IReadOnlyList<string> Files(string source, IReadOnlyCollection<string>? months = null)
    {
        var dir = SourceDir(source);
        if (!Directory.Exists(dir))
        {
            return [];
        }
        return [.. Directory.EnumerateFiles(dir, "*.parquet", SearchOption.AllDirectories)
            .Where(f => months is null || months.Contains(MonthOf(f) ?? ""))
            .Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string> QuarantineFiles(string source)
    {
        var dir = QuarantineSourceDir(source);
        return Directory.Exists(dir) ? [.. Directory.EnumerateFiles(dir, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>The month partition (<c>yyyy-MM</c>) a file sits in, or null when not partitioned.</summary>
    public static string? MonthOf(string file)
    {
        var dir = Path.GetFileName(Path.GetDirectoryName(file)) ?? "";
        return dir.StartsWith("month=", StringComparison.Ordinal) ? dir["month=".Length..] : null;
    }

    /// <summary>Every silver row of a source (all versions for reference data), or an empty relation of the right shape.</summary>
    public string Relation(SourceDefinition source, IReadOnlyCollection<string>? months = null)
    {
        var files = Files(source.Name, months);
        if (files.Count > 0)
        {
            return source.MonthPartitioned
                ? $"read_parquet({Sql.FileList(files)}, hive_partitioning = true, union_by_name = true)"
                : $"read_parquet({Sql.FileList(files)}, union_by_name = true)";
        }
        var columns = source.Columns.Select(c => $"NULL::{c.SqlType} AS {Sql.Ident(c.Name)}")
            .Concat(source.Derived.Select(d => $"NULL::DOUBLE AS {Sql.Ident(d.Name)}"))
            .Concat(["NULL::VARCHAR AS _batch_id", "NULL::BIGINT AS _batch_seq", "NULL::TIMESTAMP AS _ingested_at", "NULL::VARCHAR AS _source_file"])
            .Concat(source.IsReference ? ["NULL::UBIGINT AS _content_hash"] : [])
            .Concat(source.MonthPartitioned ? ["NULL::VARCHAR AS month"] : []);
        return $"(SELECT {string.Join(", ", columns)} WHERE false)";
    }

    /// <summary>For reference data, the latest version of each key; for events, every row.</summary>
    public string Current(SourceDefinition source)
    {
        if (!source.IsReference)
        {
            return Relation(source);
        }
        var key = string.Join(", ", source.Key.Select(Sql.Ident));
        return $"(SELECT * FROM {Relation(source)} QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY _batch_seq DESC) = 1)";
    }
}
