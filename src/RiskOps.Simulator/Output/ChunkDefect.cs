namespace RiskOps.Simulator.Output;

/// <summary>A defect at a 0-based line of a chunk; the writer turns it into a file line number.</summary>
internal readonly record struct ChunkDefect(int Line, string RecordId, string Kind);
