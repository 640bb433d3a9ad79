namespace RiskOps.Lakehouse.Catalog;

/// <summary>
/// Data quality of one bronze batch as silver saw it. Shares are in [0, 1];
/// <c>RowsIn = RowsOut + Quarantined + Parked</c> always holds, so no row goes missing.
/// </summary>
/// <param name="BatchId">The bronze batch.</param>
/// <param name="Source">Raw source name.</param>
/// <param name="RowsIn">Rows read from bronze.</param>
/// <param name="RowsOut">Rows written to silver.</param>
/// <param name="Quarantined">Rows written to quarantine (invalid or duplicate).</param>
/// <param name="Duplicates">Quarantined rows that were valid duplicates of an earlier row.</param>
/// <param name="Completeness">Share of required cells that were present.</param>
/// <param name="Validity">Share of rows that passed validation.</param>
/// <param name="Uniqueness">Share of rows that were not duplicates.</param>
/// <param name="FreshnessHours">Hours from the newest event time in the batch to its ingestion; null for reference data.</param>
/// <param name="CreatedAt">When the report was written.</param>
/// <param name="Parked">Rows waiting for a late-arriving referenced row (e.g. their trip); retried on later runs.</param>
public sealed record QualityReport(
    string BatchId, string Source, long RowsIn, long RowsOut, long Quarantined, long Duplicates,
    double Completeness, double Validity, double Uniqueness, double? FreshnessHours, DateTimeOffset CreatedAt, long Parked = 0);
