using RiskOps.Core.Modeling;
using RiskOps.Models.Artifacts;

namespace RiskOps.Api.Adapters;

/// <summary>Loads a registered artifact directory into a thread-safe predictor through the model runtime (RiskOps.Models).</summary>
internal static class ArtifactLoader
{
    public static IPredictor Load(string artifactDirectory) => ModelArtifact.Load(artifactDirectory);
}
