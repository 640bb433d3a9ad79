namespace RiskOps.Features.Definitions;

/// <summary>
/// The named set of features one model consumes. The registry gives each distinct definition a
/// version number (1, 2, …); a model records the version it was trained on.
/// </summary>
/// <param name="Name">Service name (crai, claims_triage, demand …).</param>
/// <param name="Selections">The views and features, in serving order.</param>
/// <param name="Description">What the service feeds.</param>
/// <param name="Owner">Who answers for it.</param>
public sealed record FeatureService(string Name, IReadOnlyList<FeatureServiceSelection> Selections, string Description, string Owner);
