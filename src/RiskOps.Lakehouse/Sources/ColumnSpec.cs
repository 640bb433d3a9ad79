using System.Globalization;

namespace RiskOps.Lakehouse.Sources;

/// <summary>
/// One raw column and how silver parses and validates it. Parsing and validation are generated as
/// DuckDB SQL so a whole batch is checked in one vectorised pass instead of row by row in C#.
/// </summary>
internal sealed record ColumnSpec(string Name, ColumnKind Kind, bool Required = true)
{
    public double? Min { get; init; }

    public double? Max { get; init; }

    public IReadOnlyList<string> Values { get; init; } = [];

    public static ColumnSpec Id(string name, bool required = true) => new(name, ColumnKind.Id, required);

    public static ColumnSpec Text(string name, bool required = true) => new(name, ColumnKind.Text, required);

    public static ColumnSpec Enum(string name, params string[] values) => new(name, ColumnKind.Enum) { Values = values };

    public static ColumnSpec Number(string name, double min, double max) => new(name, ColumnKind.Double) { Min = min, Max = max };

    public static ColumnSpec Int(string name, double min, double max) => new(name, ColumnKind.Integer) { Min = min, Max = max };

    public static ColumnSpec Bool(string name) => new(name, ColumnKind.Bool);

    public static ColumnSpec Bit(string name) => new(name, ColumnKind.Bit);

    public static ColumnSpec Date(string name) => new(name, ColumnKind.Date);

    public static ColumnSpec Timestamp(string name, bool required = true) => new(name, ColumnKind.Timestamp, required);

    /// <summary>The raw text value, trimmed, with blanks as NULL.</summary>
    public string RawExpr => $"NULLIF(trim(b.\"{Name}\"), '')";

    /// <summary>The SQL expression that parses the raw text; NULL when it cannot be parsed.</summary>
    public string TypedExpr => Kind switch
    {
        ColumnKind.Id or ColumnKind.Text => RawExpr,
        // Case-insensitive match, canonical spelling out.
        ColumnKind.Enum => $"CASE lower({RawExpr}) {string.Join(" ", Values.Select(v => $"WHEN '{v.ToLowerInvariant()}' THEN '{v}'"))} END",
        ColumnKind.Double => $"TRY_CAST({RawExpr} AS DOUBLE)",
        // Accept "12" and "12.0" but not "12.5".
        ColumnKind.Integer => $"CASE WHEN TRY_CAST({RawExpr} AS DOUBLE) = floor(TRY_CAST({RawExpr} AS DOUBLE)) THEN TRY_CAST(TRY_CAST({RawExpr} AS DOUBLE) AS INTEGER) END",
        ColumnKind.Bool => $"CASE lower({RawExpr}) WHEN 'true' THEN true WHEN 'false' THEN false WHEN '1' THEN true WHEN '0' THEN false END",
        ColumnKind.Bit => $"CASE {RawExpr} WHEN '1' THEN 1 WHEN '0' THEN 0 WHEN 'true' THEN 1 WHEN 'false' THEN 0 END",
        ColumnKind.Date => $"TRY_CAST({RawExpr} AS DATE)",
        // Raw timestamps must carry an offset (devices report local time); silver holds UTC.
        ColumnKind.Timestamp => $"CASE WHEN regexp_matches({RawExpr}, '(Z|[+-][0-9]{{2}}:?[0-9]{{2}})$') THEN TRY_CAST(TRY_CAST({RawExpr} AS TIMESTAMPTZ) AS TIMESTAMP) END",
        _ => throw new InvalidOperationException($"unknown column kind {Kind}"),
    };

    /// <summary>The SQL reason expressions (NULL when fine) over the raw column and the typed alias <c>t."Name"</c>.</summary>
    public IEnumerable<string> ReasonExprs()
    {
        var typed = $"t.\"{Name}\"";
        var raw = $"NULLIF(trim(t.\"raw_{Name}\"), '')";
        if (Required)
        {
            yield return $"CASE WHEN {raw} IS NULL THEN 'missing {Name}' END";
        }
        var word = Kind == ColumnKind.Enum ? "invalid" : "unparseable";
        yield return $"CASE WHEN {raw} IS NOT NULL AND {typed} IS NULL THEN '{word} {Name}' END";
        if (Min is { } min)
        {
            yield return $"CASE WHEN {typed} < {min.ToString("R", CultureInfo.InvariantCulture)} THEN '{Name} below {min.ToString(CultureInfo.InvariantCulture)}' END";
        }
        if (Max is { } max)
        {
            yield return $"CASE WHEN {typed} > {max.ToString("R", CultureInfo.InvariantCulture)} THEN '{Name} above {max.ToString(CultureInfo.InvariantCulture)}' END";
        }
    }

    /// <summary>The DuckDB type of the silver column.</summary>
    public string SqlType => Kind switch
    {
        ColumnKind.Id or ColumnKind.Text or ColumnKind.Enum => "VARCHAR",
        ColumnKind.Double => "DOUBLE",
        ColumnKind.Integer or ColumnKind.Bit => "INTEGER",
        ColumnKind.Bool => "BOOLEAN",
        ColumnKind.Date => "DATE",
        ColumnKind.Timestamp => "TIMESTAMP",
        _ => throw new InvalidOperationException($"unknown column kind {Kind}"),
    };
}
