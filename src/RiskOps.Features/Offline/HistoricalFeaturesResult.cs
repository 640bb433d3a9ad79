using RiskOps.Core.Modeling;

namespace RiskOps.Features.Offline;

/// <summary>A point-in-time training set written as Parquet.</summary>
/// <param name="Path">The Parquet file: the entity rows' columns (join keys, timestamp, carried labels) then one column per feature.</param>
/// <param name="Features">The feature columns, names and kinds, in order (numeric DOUBLE, categorical VARCHAR; null when unavailable).</param>
/// <param name="Rows">Rows written (one per entity row, in entity-row order).</param>
/// <param name="Service">The service.</param>
/// <param name="ServiceVersion">The service version the set was built with; record it in the model signature.</param>
/// <param name="JoinKeys">The entity columns.</param>
/// <param name="TimestampColumn">The observation-time column.</param>
public sealed record HistoricalFeaturesResult(
    string Path,
    IReadOnlyList<FeatureRef> Features,
    long Rows,
    string Service,
    int ServiceVersion,
    IReadOnlyList<string> JoinKeys,
    string TimestampColumn);
