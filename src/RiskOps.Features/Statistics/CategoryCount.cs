namespace RiskOps.Features.Statistics;

/// <summary>How often a categorical value occurs.</summary>
public sealed record CategoryCount(string Value, long Count);
