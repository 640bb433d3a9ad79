using RiskOps.Lakehouse.Sources;

namespace RiskOps.Lakehouse.Bronze;

/// <summary>A raw file that passed inspection: its source and, for CSV, the header's column order.</summary>
internal sealed record RawFile(string FullPath, string RelativePath, SourceDefinition Source, IReadOnlyList<string> HeaderColumns);
