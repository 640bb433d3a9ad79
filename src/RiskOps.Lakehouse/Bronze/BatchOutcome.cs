namespace RiskOps.Lakehouse.Bronze;

/// <summary>What ingesting one raw file did.</summary>
/// <param name="SourceFile">Path relative to the raw directory.</param>
/// <param name="Source">Raw source name.</param>
/// <param name="BatchId">The new batch, or null when skipped.</param>
/// <param name="Rows">Records in the file (see <see cref="Catalog.BatchRecord.Rows"/>).</param>
/// <param name="Skipped">True when the same content was already ingested.</param>
public sealed record BatchOutcome(string SourceFile, string Source, string? BatchId, long Rows, bool Skipped);
