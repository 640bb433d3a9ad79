using RiskOps.Registry.Errors;

namespace RiskOps.Registry.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task Register_CopiesArtifactAndNumbersVersionsPerModel()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;

        var first = await temp.RegisterAsync("crai", 0.80);
        var second = await temp.RegisterAsync("crai", 0.81);
        var other = await temp.RegisterAsync("claims", 0.70);

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.Equal(1, other.Version);
        Assert.Equal(Path.Combine(temp.Layout.RegistryDir, "artifacts", "crai", "2"), second.ArtifactPath);
        Assert.Equal("weights for crai 0.81", await File.ReadAllTextAsync(Path.Combine(second.ArtifactPath, "model", "weights.bin"), ct));
        Assert.True(File.Exists(Path.Combine(second.ArtifactPath, "manifest.json")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(temp.Layout.RegistryDir, "artifacts", ".staging")));
    }

    [Fact]
    public async Task Register_RecordsLineageActorAndTime()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;

        var fromGit = await temp.RegisterAsync("crai", 0.8);
        var fromManifest = await temp.Registry.RegisterAsync(
            new RegistrationRequest(await temp.WriteArtifactAsync("crai", 0.8, codeVersion: "feedbeef"), Actor: "alice"), ct);

        Assert.Equal("0123456789abcdef0123456789abcdef01234567", fromGit.GitCommit);
        Assert.Equal("feedbeef", fromManifest.GitCommit);
        Assert.Equal("alice", fromManifest.RegisteredBy);
        Assert.Equal(temp.Time.GetUtcNow(), fromManifest.RegisteredAt);
        Assert.Equal(["gold_driver_daily"], fromManifest.Manifest.Data.Tables);
        Assert.Equal("crai_driver", fromManifest.Manifest.Signature.FeatureService);
        Assert.Equal(ModelStage.None, fromManifest.Stage);
    }

    [Fact]
    public async Task Register_WithAliasAndStage_IsFoundByBoth()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.8);

        var registered = await temp.Registry.RegisterAsync(
            new RegistrationRequest(await temp.WriteArtifactAsync("crai", 0.82), Stage: ModelStage.Staging, Aliases: ["challenger"]), ct);

        Assert.Equal(2, (await temp.Registry.GetByAliasAsync("crai", "challenger", ct)).Version);
        Assert.Equal([2], (await temp.Registry.GetByStageAsync("crai", ModelStage.Staging, ct)).Select(v => v.Version));
        Assert.Equal(["challenger"], registered.Aliases);
        var listed = Assert.Single(await temp.Registry.ListModelsAsync(ct));
        Assert.Equal(("crai", 2, 2, (int?)null), (listed.Name, listed.VersionCount, listed.LatestVersion, listed.ProductionVersion));
        Assert.Equal(2, listed.Aliases["challenger"]);
        Assert.Equal([2, 1], (await temp.Registry.ListVersionsAsync("crai", ct)).Select(v => v.Version));
    }

    [Theory]
    [InlineData("modelName")]
    [InlineData("signature")]
    [InlineData("primaryMetric")]
    [InlineData("metrics")]
    [InlineData("higherIsBetter")]
    public async Task Register_ManifestMissingField_IsRefusedNamingTheField(string field)
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var directory = await temp.WriteArtifactAsync("crai", 0.8);
        var path = Path.Combine(directory, "manifest.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(path, ct))!.AsObject();
        Assert.True(json.Remove(field));
        await File.WriteAllTextAsync(path, json.ToJsonString(), ct);

        var error = await Assert.ThrowsAsync<InvalidManifestException>(() => temp.Registry.RegisterAsync(new RegistrationRequest(directory), ct));

        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await temp.Registry.ListModelsAsync(ct));
        Assert.Equal(0, await temp.Registry.GetChangeSequenceAsync(ct));
    }

    [Fact]
    public async Task Register_NestedFieldMissing_IsNamedWithItsPath()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var directory = await temp.WriteArtifactAsync("crai", 0.8);
        var path = Path.Combine(directory, "manifest.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(path, ct))!.AsObject();
        json["data"]!.AsObject().Remove("asOf");
        await File.WriteAllTextAsync(path, json.ToJsonString(), ct);

        var error = await Assert.ThrowsAsync<InvalidManifestException>(() => temp.Registry.RegisterAsync(new RegistrationRequest(directory), ct));

        Assert.Contains("'data.asOf' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_PrimaryMetricWithoutValue_IsRefused()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var directory = await temp.WriteArtifactAsync("crai", 0.8);
        var path = Path.Combine(directory, "manifest.json");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path, ct)).Replace("\"primaryMetric\": \"auc\"", "\"primaryMetric\": \"gini\"", StringComparison.Ordinal), ct);

        var error = await Assert.ThrowsAsync<InvalidManifestException>(() => temp.Registry.RegisterAsync(new RegistrationRequest(directory), ct));

        Assert.Contains("primary metric 'gini'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_MissingDirectory_IsRefused()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<InvalidManifestException>(() =>
            temp.Registry.RegisterAsync(new RegistrationRequest(Path.Combine(temp.Root, "nope")), ct));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownModelVersionOrAlias_ListsWhatExists()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.8);
        await temp.RegisterAsync("claims", 0.8);
        await temp.Registry.SetAliasAsync("crai", "shadow", 1, "tester", ct);

        var model = await Assert.ThrowsAsync<ModelNotFoundException>(() => temp.Registry.GetVersionAsync("demand", 1, ct));
        var version = await Assert.ThrowsAsync<ModelNotFoundException>(() => temp.Registry.GetVersionAsync("crai", 7, ct));
        var alias = await Assert.ThrowsAsync<ModelNotFoundException>(() => temp.Registry.GetByAliasAsync("crai", "champion", ct));

        Assert.Equal("unknown model 'demand'; registered models: claims, crai", model.Message);
        Assert.Equal("model 'crai' has no version 7; versions: 1", version.Message);
        Assert.Equal("model 'crai' has no alias 'champion'; aliases: shadow → v1", alias.Message);
    }

    [Fact]
    public async Task GetProduction_BeforeAnyPromotion_IsNull()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.8);

        Assert.Null(await temp.Registry.GetProductionAsync("crai", ct));
    }

    [Theory]
    [InlineData("\"task\": \"Binary\"", "\"task\": \"Ranking\"", "signature.task")]
    [InlineData("\"modelName\": \"crai\"", "\"modelName\": \"../escape\"", "modelName")]
    [InlineData("\"rows\": 1000", "\"rows\": \"many\"", "data.rows")]
    public async Task Register_ManifestWithInvalidValue_IsRefusedNamingTheField(string from, string to, string field)
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var directory = await temp.WriteArtifactAsync("crai", 0.8);
        var path = Path.Combine(directory, "manifest.json");
        var json = await File.ReadAllTextAsync(path, ct);
        Assert.Contains(from, json, StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, json.Replace(from, to, StringComparison.Ordinal), ct);

        var error = await Assert.ThrowsAnyAsync<RegistryException>(() => temp.Registry.RegisterAsync(new RegistrationRequest(directory), ct));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Empty(await temp.Registry.ListModelsAsync(ct));
    }

    [Fact]
    public async Task Register_WithoutCodeVersion_FallsBackToGitHead()
    {
        await using var temp = await TempRegistry.CreateAsync(realGit: true);
        var ct = TestContext.Current.CancellationToken;
        var insideGit = false;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null && !insideGit; dir = dir.Parent)
        {
            insideGit = Path.Exists(Path.Combine(dir.FullName, ".git"));
        }

        var registered = await temp.RegisterAsync("crai", 0.8);

        if (insideGit)
        {
            Assert.Matches("^[0-9a-f]{40}$", registered.GitCommit);
        }
        else
        {
            Assert.Null(registered.GitCommit);
        }
    }
}
