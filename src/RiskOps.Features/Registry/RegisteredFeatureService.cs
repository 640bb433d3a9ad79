using RiskOps.Core.Modeling;
using RiskOps.Features.Definitions;

namespace RiskOps.Features.Registry;

/// <summary>A feature service as registered: its definition, version and the features it serves, in order.</summary>
/// <param name="Definition">The service definition.</param>
/// <param name="Version">Registry-assigned version; a model records it as <see cref="ModelSignature.FeatureServiceVersion"/>.</param>
/// <param name="RegisteredAt">When this version was first registered.</param>
/// <param name="Features">The served features, names and kinds, in serving order.</param>
/// <param name="JoinKeys">Entity columns a request must carry (one per distinct view entity), in order.</param>
public sealed record RegisteredFeatureService(
    FeatureService Definition,
    int Version,
    DateTimeOffset RegisteredAt,
    IReadOnlyList<FeatureRef> Features,
    IReadOnlyList<string> JoinKeys)
{
    /// <summary>The service name.</summary>
    public string Name => Definition.Name;
}
