namespace RiskOps.Registry.Comparison;

/// <summary>A training parameter whose value differs between two versions (null = absent).</summary>
public sealed record ParameterDifference(string Parameter, string? Left, string? Right);
