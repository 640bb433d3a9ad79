using RiskOps.Registry.Artifacts;

namespace RiskOps.Registry.Tests;

/// <summary>The real directory store with a fault injected after the artifact is published, before the metadata commits.</summary>
internal sealed class FailingPublishStore(DirectoryArtifactStore inner) : IArtifactStore
{
    public Task<StagedArtifact> StageAsync(string sourceDirectory, CancellationToken cancellationToken = default) => inner.StageAsync(sourceDirectory, cancellationToken);

    public async Task<string> PublishAsync(string stagingId, string model, int version, CancellationToken cancellationToken = default)
    {
        await inner.PublishAsync(stagingId, model, version, cancellationToken);
        throw new IOException("disk full (injected)");
    }

    public Task DiscardAsync(string stagingId, CancellationToken cancellationToken = default) => inner.DiscardAsync(stagingId, cancellationToken);

    public Task UnpublishAsync(string model, int version, CancellationToken cancellationToken = default) => inner.UnpublishAsync(model, version, cancellationToken);

    public Task<ArtifactDigest?> HashAsync(string model, int version, CancellationToken cancellationToken = default) => inner.HashAsync(model, version, cancellationToken);
}
