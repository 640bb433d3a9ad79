namespace RiskOps.Lakehouse.Engine;

/// <summary>Small helpers for building DuckDB SQL text from trusted names and escaped literals.</summary>
internal static class Sql
{
    /// <summary>Escapes a string for use inside a single-quoted SQL literal.</summary>
    public static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    public static string Literal(string value) => $"'{Escape(value)}'";

    public static string Ident(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>A DuckDB list literal of file paths, for <c>read_parquet([...])</c>.</summary>
    public static string FileList(IEnumerable<string> files) => "[" + string.Join(", ", files.Select(Literal)) + "]";

    public static string Timestamp(DateTimeOffset t) =>
        $"TIMESTAMP '{t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture)}'";
}
