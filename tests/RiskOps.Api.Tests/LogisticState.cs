namespace RiskOps.Api.Tests;

/// <summary>The weights file of a <see cref="LogisticPredictor"/> artifact.</summary>
internal sealed record LogisticState(double Intercept, Dictionary<string, double> Weights);
