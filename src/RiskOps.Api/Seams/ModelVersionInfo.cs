namespace RiskOps.Api.Seams;

/// <summary>A registered model version serving can load.</summary>
/// <param name="ModelName">Registered model name (e.g. <c>crai</c>).</param>
/// <param name="Version">Version number, monotonic per model.</param>
/// <param name="ArtifactPath">Directory holding manifest.json and the model files.</param>
public sealed record ModelVersionInfo(string ModelName, int Version, string ArtifactPath);
