using RiskOps.Core.Modeling;

namespace RiskOps.Registry;

/// <summary>One registered version of a model, with its lineage and where its artifact lives.</summary>
/// <param name="ModelName">The registered model's name.</param>
/// <param name="Version">Version number, monotonic per model, starting at 1.</param>
/// <param name="Manifest">The manifest training wrote (signature, data reference, parameters, metrics).</param>
/// <param name="ArtifactPath">Absolute path of the version's artifact directory (manifest.json plus model files).</param>
/// <param name="GitCommit">Code version the model was trained from, or null if neither training nor git could tell.</param>
/// <param name="RegisteredBy">Who registered it.</param>
/// <param name="RegisteredAt">When it was registered.</param>
/// <param name="Stage">Current lifecycle stage.</param>
/// <param name="Aliases">Aliases currently pointing at this version, sorted.</param>
/// <param name="ContentHash">SHA-256 of the artifact as registered (see <see cref="Artifacts.ArtifactHasher"/>).</param>
/// <param name="SizeBytes">Total size of the artifact's files.</param>
public sealed record ModelVersion(
    string ModelName,
    int Version,
    ModelManifest Manifest,
    string ArtifactPath,
    string? GitCommit,
    string RegisteredBy,
    DateTimeOffset RegisteredAt,
    ModelStage Stage,
    IReadOnlyList<string> Aliases,
    string ContentHash,
    long SizeBytes);
