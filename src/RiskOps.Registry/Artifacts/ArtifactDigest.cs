namespace RiskOps.Registry.Artifacts;

/// <summary>An artifact's content hash (see <see cref="ArtifactHasher"/>) and total size.</summary>
public sealed record ArtifactDigest(string Hash, long SizeBytes);
