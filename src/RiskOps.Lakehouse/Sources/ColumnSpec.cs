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

    /// <summary>
    /// The type bronze stores the column as. Numbers and dates are parsed once, by DuckDB's CSV reader (or the
    /// JSON extractor), and a value that fails that cast rejects its line with a reason naming the column.
    /// Ids, text, enums, flags and timestamps stay text: silver trims them, matches enums case-insensitively and
    /// requires an offset on timestamps, checks the CSV reader cannot make.
    /// </summary>
    public string BronzeType => Kind switch
    {
        ColumnKind.Double or ColumnKind.Integer => "DOUBLE",
        ColumnKind.Date => "DATE",
        _ => "VARCHAR",
    };

    /// <summary>Whether bronze holds the text as delivered (so silver parses it) rather than a typed value.</summary>
    public bool BronzeIsText => BronzeType == "VARCHAR";

    /// <summary>The bronze value <c>b."Name"</c>; for text, trimmed with blanks as NULL.</summary>
    public string RawExpr => BronzeIsText ? $"NULLIF(trim(b.\"{Name}\"), '')" : $"b.\"{Name}\"";

    /// <summary>The SQL expression that turns the bronze value into the silver value; NULL when it is not valid.</summary>
    public string TypedExpr => Kind switch
    {
        ColumnKind.Id or ColumnKind.Text or ColumnKind.Double or ColumnKind.Date => RawExpr,
        // Case-insensitive match, canonical spelling out; the exact spelling is tried first because it is the common case and cheaper than lower().
        ColumnKind.Enum => $"CASE {RawExpr} {string.Join(" ", Values.Select(v => $"WHEN '{v}' THEN '{v}'"))} ELSE CASE lower({RawExpr}) {string.Join(" ", Values.Select(v => $"WHEN '{v.ToLowerInvariant()}' THEN '{v}'"))} END END",
        // Accept 12 and 12.0 but not 12.5.
        ColumnKind.Integer => $"CASE WHEN {RawExpr} = floor({RawExpr}) THEN TRY_CAST({RawExpr} AS INTEGER) END",
        ColumnKind.Bool => $"CASE lower({RawExpr}) WHEN 'true' THEN true WHEN 'false' THEN false WHEN '1' THEN true WHEN '0' THEN false END",
        ColumnKind.Bit => $"CASE {RawExpr} WHEN '1' THEN 1 WHEN '0' THEN 0 WHEN 'true' THEN 1 WHEN 'false' THEN 0 END",
        // Raw timestamps must carry an offset (devices report local time); silver holds UTC. The suffix test
        // (Z, ±hh:mm or ±hhmm) replaced a regular expression that cost as much as the cast itself.
        ColumnKind.Timestamp => $"CASE WHEN {HasOffset(RawExpr)} THEN TRY_CAST(TRY_CAST({RawExpr} AS TIMESTAMPTZ) AS TIMESTAMP) END",
        _ => throw new InvalidOperationException($"unknown column kind {Kind}"),
    };

    private static string HasOffset(string v) =>
        $"(suffix({v}, 'Z') OR (substr({v}, -6, 1) IN ('+', '-') AND substr({v}, -3, 1) = ':') OR (substr({v}, -5, 1) IN ('+', '-') AND substr({v}, -8, 1) = ':'))";

    /// <summary>
    /// The SQL reasons (NULL when fine) for one bronze row <c>b</c>: a missing required value, or a value
    /// silver cannot parse. Range checks are in <see cref="RangeReasonExprs"/> over the typed row.
    /// </summary>
    public IEnumerable<string> ParseReasonExprs()
    {
        if (Required)
        {
            yield return $"CASE WHEN {RawExpr} IS NULL THEN 'missing {Name}' END";
        }
        // Doubles and dates were cast in bronze; the rest is parsed here.
        if (Kind is not (ColumnKind.Double or ColumnKind.Date or ColumnKind.Id or ColumnKind.Text))
        {
            var word = Kind == ColumnKind.Enum ? "invalid" : "unparseable";
            yield return $"CASE WHEN {RawExpr} IS NOT NULL AND ({TypedExpr}) IS NULL THEN '{word} {Name}' END";
        }
    }

    /// <summary>Range reasons over the typed alias <c>t."Name"</c>.</summary>
    public IEnumerable<string> RangeReasonExprs()
    {
        var typed = $"t.\"{Name}\"";
        if (Min is { } min)
        {
            yield return $"CASE WHEN {typed} < {min.ToString("R", CultureInfo.InvariantCulture)} THEN '{Name} below {min.ToString(CultureInfo.InvariantCulture)}' END";
        }
        if (Max is { } max)
        {
            yield return $"CASE WHEN {typed} > {max.ToString("R", CultureInfo.InvariantCulture)} THEN '{Name} above {max.ToString(CultureInfo.InvariantCulture)}' END";
        }
    }

    /// <summary>Whether a bronze value can fail silver's parse, so its text is worth keeping for the quarantine.</summary>
    public bool ParsedInSilver => Kind is ColumnKind.Enum or ColumnKind.Integer or ColumnKind.Bool or ColumnKind.Bit or ColumnKind.Timestamp;

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
