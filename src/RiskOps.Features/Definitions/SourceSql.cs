using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;

namespace RiskOps.Features.Definitions;

/// <summary>
/// Turns a view into DuckDB SQL over the gold Parquet files. Every view relation has the same
/// normalized shape: <c>__key</c> (VARCHAR), <c>__event_ts</c>, <c>__created_ts</c> (TIMESTAMP) and one
/// column per feature (DOUBLE or VARCHAR), so retrieval and materialization never special-case a view.
/// </summary>
internal static partial class SourceSql
{
    public const string Key = "__key";
    public const string EventTs = "__event_ts";
    public const string CreatedTs = "__created_ts";

    [GeneratedRegex(@"\{([a-z][a-z0-9_]*)\}")]
    private static partial Regex PlaceholderRegex();

    public static IReadOnlyList<string> PlaceholderTables(string query) =>
        PlaceholderRegex().Matches(query).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string TimestampLiteral(DateTimeOffset value) =>
        "TIMESTAMP " + Literal(value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));

    public static string IntervalLiteral(TimeSpan value) =>
        "INTERVAL " + Literal(((long)value.TotalMicroseconds).ToString(CultureInfo.InvariantCulture) + " microseconds");

    /// <summary>A reader over every Parquet file of one gold table.</summary>
    public static string TableReader(DataLayout layout, string table) =>
        $"read_parquet({Literal(layout.GoldTableGlob(table))}, union_by_name = true)";

    /// <summary>The view's source as written (gold table or derived query), with placeholders resolved.</summary>
    public static string RawSource(DataLayout layout, FeatureSource source)
    {
        if (source.Query is null)
        {
            return $"SELECT * FROM {TableReader(layout, source.Table)}";
        }
        return PlaceholderRegex().Replace(source.Query, m => TableReader(layout, m.Groups[1].Value));
    }

    /// <summary>The normalized relation of a view, optionally restricted to some fields.</summary>
    public static string Relation(DataLayout layout, FeatureView view, IEnumerable<FeatureField>? fields = null)
    {
        var sb = new StringBuilder();
        sb.Append("SELECT CAST(").Append(Quote(view.Entity)).Append(" AS VARCHAR) AS ").Append(Key)
          .Append(", CAST(").Append(Quote(view.EventTimestampField)).Append(" AS TIMESTAMP) AS ").Append(EventTs)
          .Append(", CAST(").Append(Quote(view.CreatedTimestampField)).Append(" AS TIMESTAMP) AS ").Append(CreatedTs);
        foreach (var field in fields ?? view.Schema)
        {
            sb.Append(", CAST(").Append(Quote(field.Name)).Append(" AS ")
              .Append(field.Kind == FeatureKind.Numeric ? "DOUBLE" : "VARCHAR").Append(") AS ").Append(Quote(field.Name));
        }
        sb.Append(" FROM (").Append(RawSource(layout, view.Source)).Append(") AS __src WHERE ")
          .Append(Quote(view.Entity)).Append(" IS NOT NULL AND ").Append(Quote(view.EventTimestampField)).Append(" IS NOT NULL");
        return sb.ToString();
    }

    /// <summary>
    /// The view with at most one row per (entity, event timestamp): the latest created one, so a
    /// late correction replaces the row it corrects, offline exactly as online. The latest created
    /// timestamp is found on the three narrow columns and joined back, which costs far less than a
    /// window over the wide rows (whose payload a window sort would have to carry).
    /// </summary>
    public static string Deduplicated(DataLayout layout, FeatureView view, IEnumerable<FeatureField>? fields = null) =>
        view.Source.Query is null
            ? Deduplicated(Relation(layout, view, fields), Relation(layout, view, []))
            // A derived view is a chain of CTEs over gold: computed once (MATERIALIZED), not once per side of the join.
            : $"WITH __d AS MATERIALIZED ({Relation(layout, view, fields)}) " + Deduplicated("SELECT * FROM __d", "SELECT * FROM __d");

    private static string Deduplicated(string wide, string narrow) =>
        $"SELECT __r.* FROM ({wide}) AS __r JOIN (SELECT {Key}, {EventTs}, max({CreatedTs}) AS __latest " +
        $"FROM ({narrow}) GROUP BY {Key}, {EventTs}) AS __m " +
        $"ON __r.{Key} = __m.{Key} AND __r.{EventTs} = __m.{EventTs} AND __r.{CreatedTs} IS NOT DISTINCT FROM __m.__latest";

    /// <summary>
    /// Each entity's latest row (by event then created timestamp) among the rows passing
    /// <paramref name="filter"/> (a condition on the normalized timestamp columns). The winner is found on
    /// the narrow columns (a struct max compares event first, then created) and joined back to the wide rows.
    /// </summary>
    public static string LatestPerKey(DataLayout layout, FeatureView view, string filter) =>
        view.Source.Query is null
            ? LatestPerKey(Relation(layout, view), Relation(layout, view, []), filter)
            // A derived view is a chain of CTEs over gold: computed once (MATERIALIZED), not once per side of the join.
            // Filtering both sides is the same as filtering the narrow one: the filter reads only the two timestamps,
            // so a wide row matching a filtered winner's key and timestamps passes it too.
            : $"WITH __v AS MATERIALIZED (SELECT * FROM ({Relation(layout, view)}) WHERE {filter}) " +
              LatestPerKey("SELECT * FROM __v", "SELECT * FROM __v", "true");

    /// <summary><see cref="LatestPerKey(DataLayout, FeatureView, string)"/> over relations already normalized by <see cref="Relation"/>: <paramref name="wide"/> with every column, <paramref name="narrow"/> with at least the key and the timestamps.</summary>
    public static string LatestPerKey(string wide, string narrow, string filter) =>
        $"SELECT __r.* FROM ({wide}) AS __r JOIN (SELECT {Key}, max({{'e': {EventTs}, 'c': {CreatedTs}}}) AS __latest " +
        $"FROM ({narrow}) WHERE {filter} GROUP BY {Key}) AS __m " +
        $"ON __r.{Key} = __m.{Key} AND __r.{EventTs} = __m.__latest.e AND __r.{CreatedTs} IS NOT DISTINCT FROM __m.__latest.c";
}
