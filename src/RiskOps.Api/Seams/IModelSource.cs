using RiskOps.Core.Modeling;

namespace RiskOps.Api.Seams;

/// <summary>Where serving learns which model version is in production and loads it (the registry and the model runtime behind it).</summary>
public interface IModelSource
{
    /// <summary>The Production version of a model, or <c>null</c> if none is promoted.</summary>
    ValueTask<ModelVersionInfo?> GetProductionAsync(string modelName, CancellationToken cancellationToken);

    /// <summary>A given version (used for A/B challengers), or <c>null</c> if it does not exist.</summary>
    ValueTask<ModelVersionInfo?> GetVersionAsync(string modelName, int version, CancellationToken cancellationToken);

    /// <summary>Loads a version's artifact into a thread-safe predictor; throws if the artifact is unusable.</summary>
    IPredictor Load(ModelVersionInfo version);
}
