namespace RiskOps.Registry.Comparison;

/// <summary>One metric of two versions side by side; a missing value means the version did not report it.</summary>
/// <param name="Metric">Metric name.</param>
/// <param name="Left">Value of the first version.</param>
/// <param name="Right">Value of the second version.</param>
/// <param name="Delta">Right − Left when both exist.</param>
public sealed record MetricComparison(string Metric, double? Left, double? Right, double? Delta);
