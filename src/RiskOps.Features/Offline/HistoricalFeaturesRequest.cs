namespace RiskOps.Features.Offline;

/// <summary>
/// A point-in-time training-set request: either entity rows (a Parquet or CSV file, or any DuckDB
/// table expression, with the service's join keys and a timestamp column; other columns such as
/// labels are carried through) or a time range (every row of the service's first view whose event
/// timestamp is in [From, To), no entity list needed).
/// </summary>
public sealed record HistoricalFeaturesRequest
{
    /// <summary>The feature service.</summary>
    public required string Service { get; init; }

    /// <summary>Service version; null for the latest.</summary>
    public int? ServiceVersion { get; init; }

    /// <summary>Parquet path, CSV path, or DuckDB table expression (e.g. <c>read_parquet('x/*.parquet')</c>); null in time-range mode.</summary>
    public string? EntityRows { get; init; }

    /// <summary>The entity rows' timestamp column (the observation time). Default: <c>timestamp</c>.</summary>
    public string TimestampColumn { get; init; } = "timestamp";

    /// <summary>Time-range mode: first event timestamp included.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Time-range mode: event timestamps before this are included.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Time-range mode: extra columns of the first view's source to carry (e.g. outcome labels). Default: none.</summary>
    public IReadOnlyList<string> CarryColumns { get; init; } = [];

    /// <summary>Where to write the Parquet result.</summary>
    public required string OutputPath { get; init; }

    /// <summary>Entity-rows mode.</summary>
    public static HistoricalFeaturesRequest ForEntityRows(string service, string entityRows, string outputPath, string timestampColumn = "timestamp") =>
        new() { Service = service, EntityRows = entityRows, OutputPath = outputPath, TimestampColumn = timestampColumn };

    /// <summary>Time-range mode.</summary>
    public static HistoricalFeaturesRequest ForTimeRange(string service, DateTimeOffset from, DateTimeOffset to, string outputPath) =>
        new() { Service = service, From = from, To = to, OutputPath = outputPath };
}
