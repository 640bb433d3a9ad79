namespace RiskOps.Lakehouse.Sources;

/// <summary>A column that must name an existing row of a reference source (checked against silver).</summary>
internal sealed record ForeignKey(string Column, string Source, string KeyColumn);
