namespace RiskOps.Registry.Comparison;

/// <summary>Two versions side by side: metrics, parameter differences and signature differences.</summary>
public sealed record ModelComparison(
    ModelVersion Left,
    ModelVersion Right,
    IReadOnlyList<MetricComparison> Metrics,
    IReadOnlyList<ParameterDifference> Parameters,
    SignatureDifference Signature);
