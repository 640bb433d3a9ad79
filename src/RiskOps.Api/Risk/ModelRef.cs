namespace RiskOps.Api.Risk;

/// <summary>The model version that produced a response.</summary>
public sealed record ModelRef(string Name, int Version);
