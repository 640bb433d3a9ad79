namespace RiskOps.Lakehouse.Sources;

/// <summary>A cross-column rule: when <paramref name="Violated"/> (SQL over the typed row <c>t</c>) holds, the row is quarantined with <paramref name="Reason"/>.</summary>
internal sealed record RowCheck(string Violated, string Reason);
