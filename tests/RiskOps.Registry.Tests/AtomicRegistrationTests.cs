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
}
