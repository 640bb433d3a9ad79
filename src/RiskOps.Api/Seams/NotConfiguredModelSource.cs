using RiskOps.Api.Errors;
using RiskOps.Core.Modeling;

namespace RiskOps.Api.Seams;

/// <summary>Used when no registry is wired: no model is ever in production, so scoring answers 503 and readiness fails.</summary>
internal sealed class NotConfiguredModelSource : IModelSource
{
    public ValueTask<ModelVersionInfo?> GetProductionAsync(string modelName, CancellationToken cancellationToken) => ValueTask.FromResult<ModelVersionInfo?>(null);

    public ValueTask<ModelVersionInfo?> GetVersionAsync(string modelName, int version, CancellationToken cancellationToken) => ValueTask.FromResult<ModelVersionInfo?>(null);

    public IPredictor Load(ModelVersionInfo version) =>
        throw new ServingException(StatusCodes.Status503ServiceUnavailable, "Model registry not configured", "No model registry is configured for serving.");
}
