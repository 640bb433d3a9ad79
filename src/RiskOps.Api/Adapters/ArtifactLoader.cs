using RiskOps.Api.Errors;
using RiskOps.Core.Modeling;

namespace RiskOps.Api.Adapters;

/// <summary>Loads a registered artifact directory into a predictor through the model runtime (RiskOps.Models).</summary>
internal static class ArtifactLoader
{
    public static IPredictor Load(string artifactDirectory) =>
        throw new ServingException(StatusCodes.Status503ServiceUnavailable, "Model runtime unavailable",
            $"Cannot load '{artifactDirectory}': the model runtime is not wired into serving yet.");
}
