namespace RiskOps.Features.Registry;

/// <summary>What the online store holds for one view: how far it was materialized and when.</summary>
/// <param name="View">The view.</param>
/// <param name="LastRunAt">When the last materialization of the view finished.</param>
/// <param name="EventWatermark">Upper bound (exclusive) of event timestamps materialized so far.</param>
/// <param name="CreatedWatermark">Latest created timestamp seen; an incremental run reads rows created after it.</param>
/// <param name="RowsWritten">Online rows written by the last run (changed rows only).</param>
public sealed record MaterializationState(
    string View,
    DateTimeOffset LastRunAt,
    DateTimeOffset EventWatermark,
    DateTimeOffset? CreatedWatermark,
    long RowsWritten);
