using RiskOps.Registry.Errors;
using RiskOps.Registry.Promotion;

namespace RiskOps.Registry.Tests;

public sealed class PromotionTests
{
    [Fact]
    public async Task Promote_FirstVersion_BecomesProductionAndChampion()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.80);

        var result = await temp.Registry.PromoteAsync("crai", 1, new PromotionRequest(Actor: "alice"), ct);

        Assert.True(result.Gate!.Passed);
        Assert.Null(result.PreviousProduction);
        Assert.Equal(ModelStage.Production, result.Production.Stage);
        Assert.Equal(1, (await temp.Registry.GetByAliasAsync("crai", "champion", ct)).Version);
        var production = await temp.Registry.GetProductionAsync("crai", ct);
        Assert.Equal(1, production!.Version);
        Assert.Equal(result.Production.ArtifactPath, production.ArtifactPath);
    }

    [Fact]
    public async Task Promote_ChallengerBeatingChampionByMargin_ArchivesPreviousChampion()
    {
        await using var temp = await TempRegistry.CreateAsync(new RegistryOptions { PromotionMargin = 0.01 });
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.80);
        await temp.Registry.PromoteAsync("crai", 1, new PromotionRequest(), ct);
        await temp.Registry.RegisterAsync(new RegistrationRequest(await temp.WriteArtifactAsync("crai", 0.815), Aliases: ["challenger"]), ct);

        var result = await temp.Registry.PromoteAsync("crai", 2, new PromotionRequest(), ct);

        Assert.Equal(1, result.PreviousProduction);
        Assert.Equal(0.015, result.Gate!.ChallengerValue - result.Gate.ChampionValue!.Value, 9);
        Assert.Equal(ModelStage.Archived, (await temp.Registry.GetVersionAsync("crai", 1, ct)).Stage);
        Assert.Equal(["champion"], (await temp.Registry.GetVersionAsync("crai", 2, ct)).Aliases);
    }

    [Theory]
    [InlineData(0.805, true, 0.01)] // better, but by less than the margin
    [InlineData(0.79, true, 0.0)]   // worse
    [InlineData(0.80, true, 0.0)]   // equal is not better
    [InlineData(0.25, false, 0.01)] // lower-is-better metric, challenger higher (worse)
    public async Task Promote_ChallengerNotBeatingChampion_IsRefusedAndNothingChanges(double challenger, bool higherIsBetter, double margin)
    {
        await using var temp = await TempRegistry.CreateAsync(new RegistryOptions { PromotionMargin = margin });
        var ct = TestContext.Current.CancellationToken;
        var championValue = higherIsBetter ? 0.80 : 0.20;
        await temp.RegisterAsync("crai", championValue, "metric", higherIsBetter);
        await temp.Registry.PromoteAsync("crai", 1, new PromotionRequest(), ct);
        await temp.RegisterAsync("crai", challenger, "metric", higherIsBetter);
        var sequence = await temp.Registry.GetChangeSequenceAsync(ct);

        var error = await Assert.ThrowsAsync<PromotionRefusedException>(() => temp.Registry.PromoteAsync("crai", 2, new PromotionRequest(), ct));

        Assert.False(error.Gate.Passed);
        Assert.Contains("refused unless forced", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await temp.Registry.GetProductionAsync("crai", ct))!.Version);
        Assert.Equal(sequence, await temp.Registry.GetChangeSequenceAsync(ct));
    }

    [Fact]
    public async Task Promote_LowerIsBetterMetric_PassesWhenLower()
    {
        await using var temp = await TempRegistry.CreateAsync(new RegistryOptions { PromotionMargin = 0.01 });
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("claims_frequency", 0.50, "poisson_deviance", higherIsBetter: false);
        await temp.Registry.PromoteAsync("claims_frequency", 1, new PromotionRequest(), ct);
        await temp.RegisterAsync("claims_frequency", 0.48, "poisson_deviance", higherIsBetter: false);

        var result = await temp.Registry.PromoteAsync("claims_frequency", 2, new PromotionRequest(), ct);

        Assert.True(result.Gate!.Passed);
        Assert.Equal(2, (await temp.Registry.GetProductionAsync("claims_frequency", ct))!.Version);
    }

    [Fact]
    public async Task Promote_Forced_RecordsForceActorAndReason()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.80);
        await temp.Registry.PromoteAsync("crai", 1, new PromotionRequest(), ct);
        await temp.RegisterAsync("crai", 0.70);

        var result = await temp.Registry.PromoteAsync("crai", 2, new PromotionRequest(Force: true, Reason: "v1 leaks a post-claim feature", Actor: "bob"), ct);

        Assert.True(result.Forced);
        var entry = (await temp.Registry.AuditLog.ListAsync("model/crai/production", 1, ct))[0];
        Assert.Equal(("bob", "promote-forced", "v1", "v2"), (entry.Actor, entry.Action, entry.PreviousValue, entry.NewValue));
        Assert.StartsWith("v1 leaks a post-claim feature (", entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_ForcedWithoutReason_IsRefused()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.80);

        var error = await Assert.ThrowsAsync<RegistryException>(() => temp.Registry.PromoteAsync("crai", 1, new PromotionRequest(Force: true), ct));

        Assert.Contains("reason", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_DifferentPrimaryMetric_IsNotComparableUnlessForced()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.80, "auc");
        await temp.Registry.PromoteAsync("crai", 1, new PromotionRequest(), ct);
        await temp.RegisterAsync("crai", 0.90, "pr_auc");

        var error = await Assert.ThrowsAsync<PromotionRefusedException>(() => temp.Registry.PromoteAsync("crai", 2, new PromotionRequest(), ct));

        Assert.Contains("not comparable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_ChallengerAlias_IsClearedOncePromoted()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.80);
        await temp.Registry.SetAliasAsync("crai", "challenger", 1, "tester", ct);

        await temp.Registry.PromoteAsync("crai", 1, new PromotionRequest(), ct);

        Assert.Equal(["champion"], (await temp.Registry.GetVersionAsync("crai", 1, ct)).Aliases);
    }

    [Fact]
    public async Task Rollback_RestoresPreviousChampionAndWalksBackOnRepeat()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        for (var i = 1; i <= 3; i++)
        {
            await temp.RegisterAsync("crai", 0.80 + (i * 0.01));
            await temp.Registry.PromoteAsync("crai", i, new PromotionRequest(), ct);
        }

        var first = await temp.Registry.RollbackAsync("crai", "carol", "v3 latency regression", ct);
        var second = await temp.Registry.RollbackAsync("crai", "carol", null, ct);

        Assert.Equal((2, 3), (first.Production.Version, first.PreviousProduction!.Value));
        Assert.Equal((1, 2), (second.Production.Version, second.PreviousProduction!.Value));
        Assert.Equal(1, (await temp.Registry.GetByAliasAsync("crai", "champion", ct)).Version);
        Assert.Equal([1], (await temp.Registry.GetByStageAsync("crai", ModelStage.Production, ct)).Select(v => v.Version));
        Assert.Equal([3, 2], (await temp.Registry.GetByStageAsync("crai", ModelStage.Archived, ct)).Select(v => v.Version));
        var error = await Assert.ThrowsAsync<RegistryException>(() => temp.Registry.RollbackAsync("crai", null, null, ct));
        Assert.Contains("no previous champion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_WithoutProduction_IsRefused()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.80);

        var error = await Assert.ThrowsAsync<RegistryException>(() => temp.Registry.RollbackAsync("crai", null, null, ct));

        Assert.Contains("no Production version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetStage_ProductionOnlyThroughPromotion()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.80);
        await temp.RegisterAsync("crai", 0.81);
        await temp.Registry.PromoteAsync("crai", 1, new PromotionRequest(), ct);

        await Assert.ThrowsAsync<RegistryException>(() => temp.Registry.SetStageAsync("crai", 2, ModelStage.Production, cancellationToken: ct));
        await Assert.ThrowsAsync<RegistryException>(() => temp.Registry.SetStageAsync("crai", 1, ModelStage.Archived, cancellationToken: ct));
        var staged = await temp.Registry.SetStageAsync("crai", 2, ModelStage.Staging, "dan", "shadow traffic", ct);

        Assert.Equal(ModelStage.Staging, staged.Stage);
        var entry = (await temp.Registry.AuditLog.ListAsync("model/crai/v2", 1, ct))[0];
        Assert.Equal(("stage", "None", "Staging", "shadow traffic"), (entry.Action, entry.PreviousValue, entry.NewValue, entry.Reason));
    }

    [Fact]
    public async Task Alias_ChampionIsReservedAndNumericAliasesRefused()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.80);

        await Assert.ThrowsAsync<RegistryException>(() => temp.Registry.SetAliasAsync("crai", "champion", 1, cancellationToken: ct));
        await Assert.ThrowsAsync<RegistryException>(() => temp.Registry.SetAliasAsync("crai", "42", 1, cancellationToken: ct));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => temp.Registry.SetAliasAsync("crai", "shadow", 9, cancellationToken: ct));
        await temp.Registry.SetAliasAsync("crai", "shadow", 1, cancellationToken: ct);
        await temp.Registry.RemoveAliasAsync("crai", "shadow", cancellationToken: ct);
        await Assert.ThrowsAsync<ModelNotFoundException>(() => temp.Registry.GetByAliasAsync("crai", "shadow", ct));
    }

    [Fact]
    public async Task ChangeFeed_MovesOnEveryChangeAndGenerationOnlyWhenProductionMoves()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(0, await temp.Registry.GetChangeSequenceAsync(ct));
        await temp.RegisterAsync("crai", 0.80);
        await temp.RegisterAsync("crai", 0.90);
        await temp.Registry.PromoteAsync("crai", 1, new PromotionRequest(), ct);
        var loaded = (await temp.Registry.GetProductionAsync("crai", ct))!;

        await temp.Registry.SetAliasAsync("crai", "shadow", 2, cancellationToken: ct);
        var afterAlias = (await temp.Registry.GetProductionAsync("crai", ct))!;
        await temp.Registry.PromoteAsync("crai", 2, new PromotionRequest(), ct);
        var afterPromotion = (await temp.Registry.GetProductionAsync("crai", ct))!;

        Assert.Equal(5, await temp.Registry.GetChangeSequenceAsync(ct));
        Assert.Equal(loaded.Generation, afterAlias.Generation);
        Assert.True(afterPromotion.Generation > loaded.Generation);
        Assert.Equal(2, afterPromotion.Version);
    }

    [Fact]
    public async Task Promote_ConcurrentlyFromSeparateRegistries_LeavesExactlyOneProduction()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        const int versions = 8;
        for (var i = 0; i < versions; i++)
        {
            await temp.RegisterAsync("crai", 0.80 + (i * 0.001));
        }
        // Separate registry instances stand in for separate processes: each opens its own connections.
        var registries = new List<IModelRegistry>();
        for (var i = 0; i < versions; i++)
        {
            registries.Add(await temp.OpenAnotherAsync());
        }
        using var start = new ManualResetEventSlim();

        var promotions = Enumerable.Range(1, versions).Select(version => Task.Run(async () =>
        {
            start.Wait(ct);
            return await registries[version - 1].PromoteAsync("crai", version, new PromotionRequest(Force: true, Reason: "race", Actor: $"worker{version}"), ct);
        }, ct)).ToList();
        start.Set();
        var results = await Task.WhenAll(promotions);

        var production = await temp.Registry.GetByStageAsync("crai", ModelStage.Production, ct);
        Assert.Single(production);
        Assert.Equal(versions - 1, (await temp.Registry.GetByStageAsync("crai", ModelStage.Archived, ct)).Count);
        // Serialised: exactly one promotion saw no champion, and each other one archived a distinct predecessor.
        Assert.Single(results, r => r.PreviousProduction is null);
        Assert.Equal(versions - 1, results.Where(r => r.PreviousProduction is not null).Select(r => r.PreviousProduction).Distinct().Count());
        Assert.True((await temp.Registry.AuditLog.VerifyAsync(cancellationToken: ct)).IsIntact);
    }
}
