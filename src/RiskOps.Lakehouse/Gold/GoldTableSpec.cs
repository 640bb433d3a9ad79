namespace RiskOps.Lakehouse.Gold;

/// <summary>A gold table rebuilt whole: its silver sources, how it depends on the data horizon, temp tables to prepare and its SELECT.</summary>
internal sealed record GoldTableSpec(string Table, IReadOnlyList<string> Sources, GoldHorizonUse Horizon, IReadOnlyList<string> Prepare, string Select);
