using RiskOps.Registry.Artifacts;
using RiskOps.Registry.Sqlite;

namespace RiskOps.Registry.Tests;

public sealed class AtomicRegistrationTests
{
    [Fact]
    public async Task Register_FailingAfterPublish_LeavesNoVersionArtifactOrAuditEntry()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.80);
        var artifacts = Path.Combine(temp.Layout.RegistryDir, "artifacts");
        var failing = await SqliteModelRegistry.OpenAsync(temp.Layout, new RegistryOptions { GitCommitReader = _ => Task.FromResult<string?>(null) }, temp.Time,
            new FailingPublishStore(new DirectoryArtifactStore(artifacts)), ct);
        var sequence = await temp.Registry.GetChangeSequenceAsync(ct);

        await Assert.ThrowsAsync<IOException>(async () => await failing.RegisterAsync(new RegistrationRequest(await temp.WriteArtifactAsync("crai", 0.9)), ct));

        Assert.Equal([1], (await temp.Registry.ListVersionsAsync("crai", ct)).Select(v => v.Version));
        Assert.False(Directory.Exists(Path.Combine(artifacts, "crai", "2")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(artifacts, ".staging")));
        Assert.Equal(sequence, await temp.Registry.GetChangeSequenceAsync(ct));
        Assert.Single(await temp.Registry.AuditLog.ListAsync(cancellationToken: ct));
        Assert.Equal(2, (await temp.RegisterAsync("crai", 0.9)).Version);
    }

    [Fact]
    public async Task Register_OverCrashLeftoverDirectory_ReplacesIt()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var leftover = Path.Combine(temp.Layout.RegistryDir, "artifacts", "crai", "1");
        Directory.CreateDirectory(leftover);
        await File.WriteAllTextAsync(Path.Combine(leftover, "stale.bin"), "half a model", ct);

        var registered = await temp.RegisterAsync("crai", 0.8);

        Assert.False(File.Exists(Path.Combine(registered.ArtifactPath, "stale.bin")));
        Assert.True(File.Exists(Path.Combine(registered.ArtifactPath, "manifest.json")));
    }

    [Fact]
    public async Task Register_ConcurrentlyFromSeparateRegistries_GetsDistinctConsecutiveVersions()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        const int writers = 8;
        var directories = new List<string>();
        var registries = new List<IModelRegistry>();
        for (var i = 0; i < writers; i++)
        {
            directories.Add(await temp.WriteArtifactAsync("crai", 0.8 + (i * 0.001)));
            registries.Add(await temp.OpenAnotherAsync());
        }

        var registered = await Task.WhenAll(Enumerable.Range(0, writers).Select(i =>
            Task.Run(() => registries[i].RegisterAsync(new RegistrationRequest(directories[i], Actor: $"writer{i}"), ct), ct)));

        Assert.Equal(Enumerable.Range(1, writers), registered.Select(v => v.Version).Order());
        foreach (var version in registered)
        {
            // Each version's files are the ones its writer registered, not another writer's.
            var metric = (await temp.Registry.GetVersionAsync("crai", version.Version, ct)).Manifest.Metrics["auc"];
            Assert.Equal($"weights for crai {metric}", await File.ReadAllTextAsync(Path.Combine(version.ArtifactPath, "model", "weights.bin"), ct));
            Assert.True((await temp.Registry.VerifyArtifactAsync("crai", version.Version, ct)).IsIntact);
        }
        Assert.True((await temp.Registry.AuditLog.VerifyAsync(cancellationToken: ct)).IsIntact);
    }
}
