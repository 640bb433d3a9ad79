using RiskOps.Core.Modeling;

namespace RiskOps.Registry;

/// <summary>
/// What serving needs to load (and hot-swap) a model: the Production version, its artifact
/// directory and a generation that changes whenever the model's Production pointer moves.
/// </summary>
/// <param name="ModelName">Model name.</param>
/// <param name="Version">The Production version.</param>
/// <param name="ArtifactPath">Absolute path of its artifact directory.</param>
/// <param name="Manifest">Its manifest.</param>
/// <param name="Generation">
/// The registry change sequence at which this model's Production version last changed; reload when it differs
/// from the generation you loaded.
/// </param>
public sealed record ProductionModel(string ModelName, int Version, string ArtifactPath, ModelManifest Manifest, long Generation);
