namespace RiskOps.Registry.Artifacts;

/// <summary>
/// Artifacts as directories under <c>root/&lt;model&gt;/&lt;version&gt;/</c>; staging copies go to
/// <c>root/.staging/</c> on the same file system so publishing is a single atomic rename.
/// </summary>
public sealed class DirectoryArtifactStore : IArtifactStore
{
    private readonly string _root;

    /// <summary>Creates a store rooted at <paramref name="root"/> (created if missing).</summary>
    public DirectoryArtifactStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(StagingRoot);
    }

    private string StagingRoot => Path.Combine(_root, ".staging");

    /// <summary>The directory a published version lives in.</summary>
    public string PathOf(string model, int version) =>
        Path.Combine(_root, model, version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public async Task<StagedArtifact> StageAsync(string sourceDirectory, CancellationToken cancellationToken = default)
    {
        var stagingId = Guid.NewGuid().ToString("N");
        var target = Path.Combine(StagingRoot, stagingId);
        try
        {
            await CopyDirectoryAsync(new DirectoryInfo(sourceDirectory), target, cancellationToken);
            // Hash the copy, not the source: it is what will be served.
            var (hash, size) = await ArtifactHasher.HashDirectoryAsync(target, cancellationToken);
            return new StagedArtifact(stagingId, hash, size);
        }
        catch
        {
            DeleteIfExists(target);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task<string> PublishAsync(string stagingId, string model, int version, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = PathOf(model, version);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // A directory here without a committed version is the leftover of a crash between rename and commit.
        DeleteIfExists(target);
        Directory.Move(Path.Combine(StagingRoot, stagingId), target);
        return Task.FromResult(target);
    }

    /// <inheritdoc/>
    public Task DiscardAsync(string stagingId, CancellationToken cancellationToken = default)
    {
        DeleteIfExists(Path.Combine(StagingRoot, stagingId));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task UnpublishAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        DeleteIfExists(PathOf(model, version));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<ArtifactDigest?> HashAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        var path = PathOf(model, version);
        if (!Directory.Exists(path))
        {
            return null;
        }
        var (hash, size) = await ArtifactHasher.HashDirectoryAsync(path, cancellationToken);
        return new ArtifactDigest(hash, size);
    }

    private static async Task CopyDirectoryAsync(DirectoryInfo source, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.EnumerateFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var from = file.OpenRead();
            await using var to = File.Create(Path.Combine(target, file.Name));
            await from.CopyToAsync(to, cancellationToken);
        }
        foreach (var directory in source.EnumerateDirectories())
        {
            await CopyDirectoryAsync(directory, Path.Combine(target, directory.Name), cancellationToken);
        }
    }

    private static void DeleteIfExists(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
