namespace RiskOps.Registry.Tests;

public sealed class ArtifactIntegrityTests
{
    [Fact]
    public async Task Register_SameArtifactTwice_ReturnsExistingVersionWithoutChange()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var directory = await temp.WriteArtifactAsync("crai", 0.8);
        var first = await temp.Registry.RegisterAsync(new RegistrationRequest(directory), ct);
        var sequence = await temp.Registry.GetChangeSequenceAsync(ct);

        var again = await temp.Registry.RegisterAsync(new RegistrationRequest(directory), ct);

        Assert.Equal(first.Version, again.Version);
        Assert.Equal(first.ContentHash, again.ContentHash);
        Assert.Equal(sequence, await temp.Registry.GetChangeSequenceAsync(ct));
        Assert.Single(await temp.Registry.ListVersionsAsync("crai", ct));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(temp.Layout.RegistryDir, "artifacts", ".staging")));
    }

    [Fact]
    public async Task ContentHash_MatchesIndependentRecomputation()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var directory = await temp.WriteArtifactAsync("crai", 0.8);

        var registered = await temp.Registry.RegisterAsync(new RegistrationRequest(directory), ct);

        // The documented format, recomputed here from the source directory.
        var lines = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => (Relative: Path.GetRelativePath(directory, f), Bytes: File.ReadAllBytes(f)))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => $"{f.Relative}\0{f.Bytes.Length}\0{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f.Bytes))}\n");
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(lines))));
        Assert.Equal(expected, registered.ContentHash);
        Assert.Equal(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length), registered.SizeBytes);
    }

    [Fact]
    public async Task VerifyArtifact_DetectsModifiedAndMissingArtifacts()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var v1 = await temp.RegisterAsync("crai", 0.8);
        var v2 = await temp.RegisterAsync("crai", 0.9);

        Assert.True((await temp.Registry.VerifyArtifactAsync("crai", 1, ct)).IsIntact);
        await File.AppendAllTextAsync(Path.Combine(v1.ArtifactPath, "model", "weights.bin"), "!", ct);
        Directory.Delete(v2.ArtifactPath, recursive: true);
        var modified = await temp.Registry.VerifyArtifactAsync("crai", 1, ct);
        var missing = await temp.Registry.VerifyArtifactAsync("crai", 2, ct);

        Assert.False(modified.IsIntact);
        Assert.Contains("modified after registration", modified.Message, StringComparison.Ordinal);
        Assert.False(missing.IsIntact);
        Assert.Null(missing.ActualHash);
    }
}
