namespace RiskOps.Registry.Artifacts;

/// <summary>
/// Where model artifacts live. Registration stages a copy first, then publishes it under the model and
/// version once the version number is known, so a reader never sees a half-copied artifact. The embedded
/// implementation is <see cref="DirectoryArtifactStore"/>; an object-storage one can follow.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Copies <paramref name="sourceDirectory"/> to a staging area and hashes the copy.</summary>
    Task<StagedArtifact> StageAsync(string sourceDirectory, CancellationToken cancellationToken = default);

    /// <summary>Publishes a staged artifact as <paramref name="model"/>/<paramref name="version"/> and returns its location.</summary>
    Task<string> PublishAsync(string stagingId, string model, int version, CancellationToken cancellationToken = default);

    /// <summary>Removes a staged artifact that will not be published.</summary>
    Task DiscardAsync(string stagingId, CancellationToken cancellationToken = default);

    /// <summary>Removes a published artifact whose metadata could not be committed.</summary>
    Task UnpublishAsync(string model, int version, CancellationToken cancellationToken = default);

    /// <summary>Recomputes the content hash and size of a published artifact (see <see cref="ArtifactHasher"/>); null if it is gone.</summary>
    Task<ArtifactDigest?> HashAsync(string model, int version, CancellationToken cancellationToken = default);
}
