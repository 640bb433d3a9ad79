namespace RiskOps.Lakehouse.Benchmarks;

/// <summary>One source's share of <see cref="EngineFloor"/>: rows DuckDB parsed and wrote, with wall and process CPU time.</summary>
/// <param name="Source">The raw source folder (e.g. <c>telematics</c>).</param>
/// <param name="Files">Raw files read.</param>
/// <param name="Rows">Rows written to Parquet (malformed lines skipped).</param>
/// <param name="Wall">Wall-clock time of the copy.</param>
/// <param name="Cpu">Process CPU time while it ran (DuckDB's threads are in this process).</param>
public sealed record EngineFloorStep(string Source, int Files, long Rows, TimeSpan Wall, TimeSpan Cpu);
