namespace RiskOps.Registry.Artifacts;

/// <summary>A copied artifact waiting to be published.</summary>
/// <param name="StagingId">Handle for <see cref="IArtifactStore.PublishAsync"/> and <see cref="IArtifactStore.DiscardAsync"/>.</param>
/// <param name="ContentHash">SHA-256 (hex) over the artifact's relative file paths and contents, computed from the staged copy.</param>
/// <param name="SizeBytes">Total size of its files.</param>
public sealed record StagedArtifact(string StagingId, string ContentHash, long SizeBytes);
