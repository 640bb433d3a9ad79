using RiskOps.Core.Modeling;

namespace RiskOps.Features.Registry;

/// <summary>A service resolved against its views: which fields of which view, in serving order.</summary>
internal sealed record ServicePlan(RegisteredFeatureService Service, IReadOnlyList<ServicePlanPart> Parts)
{
    public IReadOnlyList<FeatureRef> Features => Service.Features;
}
