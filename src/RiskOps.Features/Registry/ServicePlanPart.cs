using RiskOps.Features.Definitions;

namespace RiskOps.Features.Registry;

/// <summary>The fields one view contributes to a service.</summary>
internal sealed record ServicePlanPart(FeatureView View, IReadOnlyList<FeatureField> Fields);
