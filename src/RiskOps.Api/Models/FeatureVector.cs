namespace RiskOps.Api.Models;

/// <summary>One entity's model inputs, laid out by a <see cref="FeatureLayout"/>.</summary>
internal sealed record FeatureVector(double[] Numeric, string?[] Categorical);
