namespace RiskOps.Registry;

/// <summary>How to register a trained artifact.</summary>
/// <param name="ArtifactDirectory">Directory holding <c>manifest.json</c> plus the model files, as training wrote it.</param>
/// <param name="GitCommit">Code version; when null, the manifest's CodeVersion, then <c>git rev-parse HEAD</c>, are used.</param>
/// <param name="Actor">Who registers it; default <see cref="Environment.UserName"/>.</param>
/// <param name="Stage">Initial stage: None (default) or Staging.</param>
/// <param name="Aliases">Aliases to point at the new version (e.g. <c>challenger</c>); <c>champion</c> is refused: it follows promotion.</param>
public sealed record RegistrationRequest(
    string ArtifactDirectory,
    string? GitCommit = null,
    string? Actor = null,
    ModelStage Stage = ModelStage.None,
    IReadOnlyList<string>? Aliases = null);
