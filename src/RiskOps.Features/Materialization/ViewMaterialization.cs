namespace RiskOps.Features.Materialization;

/// <summary>What one materialization did for one view.</summary>
/// <param name="View">The view.</param>
/// <param name="RowsRead">Latest rows per entity read from the offline store.</param>
/// <param name="RowsWritten">Rows that changed the online store (new entity, newer event, or a newer correction).</param>
/// <param name="Chunks">Durable chunks written.</param>
/// <param name="Resumed">True if the run continued an interrupted one.</param>
/// <param name="End">Upper bound (exclusive) of the event timestamps materialized.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ViewMaterialization(string View, long RowsRead, long RowsWritten, int Chunks, bool Resumed, DateTimeOffset End, TimeSpan Elapsed);
