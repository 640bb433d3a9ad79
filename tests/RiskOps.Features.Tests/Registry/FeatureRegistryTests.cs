using RiskOps.Features.Definitions;
using RiskOps.Features.Offline;
using RiskOps.Features.Tests.PointInTime;

namespace RiskOps.Features.Tests.Registry;

public sealed class FeatureRegistryTests
{
    private static readonly Scenario s_small = new(
        [new GenRow(0, 2, 0, 1.5, "red"), new GenRow(1, 3, 0, 2.5, "blue")],
        [new GenRow(0, 2, 0, 7.0, "green")],
        [new GenEntity(0, 4, 0)], 4);

    [Fact]
    public async Task RegisterView_SourceLacksDeclaredColumn_RefusedNamingIt()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        await TwoViewWorld.SetUpAsync(world, s_small, ct);
        var view = TwoViewWorld.ViewA with { Name = "broken", Schema = [FeatureField.Num("a"), FeatureField.Num("not_there")] };

        var ex = await Assert.ThrowsAsync<FeatureStoreException>(() => world.Store.Registry.RegisterViewAsync(view, ct));

        Assert.Contains("lacks declared column(s) not_there", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Store.Registry.ListViews(), v => v.Name == "broken");
    }

    [Fact]
    public async Task RegisterView_NumericFeatureIsText_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        await TwoViewWorld.SetUpAsync(world, s_small, ct);
        var view = TwoViewWorld.ViewA with { Name = "typed", Schema = [FeatureField.Num("color_a")] };

        var ex = await Assert.ThrowsAsync<FeatureStoreException>(() => world.Store.Registry.RegisterViewAsync(view, ct));

        Assert.Contains("numeric feature 'color_a' is VARCHAR", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterService_VersionsOnlyChangedDefinitions()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        await TwoViewWorld.SetUpAsync(world, s_small, ct);

        var again = world.Store.Registry.RegisterService(TwoViewWorld.Service);
        var changed = world.Store.Registry.RegisterService(TwoViewWorld.Service with { Selections = [new("view_a", ["a"])] });

        Assert.Equal(1, again);
        Assert.Equal(2, changed);
        Assert.Equal(["a"], world.Store.Registry.GetService("svc").Features.Select(f => f.Name));
        Assert.Equal(4, world.Store.Registry.GetService("svc", 1).Features.Count);
    }

    [Fact]
    public async Task UnknownNames_FailListingWhatExists()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        await TwoViewWorld.SetUpAsync(world, s_small, ct);
        var registry = world.Store.Registry;

        var service = Assert.Throws<FeatureStoreException>(() => registry.GetService("nope"));
        var view = Assert.Throws<FeatureStoreException>(() => registry.GetView("nope"));
        var feature = Assert.Throws<FeatureStoreException>(() => registry.RegisterService(new FeatureService("x", [new("view_a", ["zz"])], "", "")));

        Assert.Contains("registered: svc v1", service.Message, StringComparison.Ordinal);
        Assert.Contains("registered views: view_a, view_b", view.Message, StringComparison.Ordinal);
        Assert.Contains("has no feature 'zz'; it has: a, color_a", feature.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoricalRetrieval_NullIdsOrTimestamps_RejectedWithRowNumbers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        await TwoViewWorld.SetUpAsync(world, s_small, ct);
        var entities = Path.Combine(world.Root, "bad.csv");
        await File.WriteAllTextAsync(entities, "customer_id,timestamp\nC0,2026-03-01 02:00:00\n,2026-03-01 02:00:00\nC1,\nC1,2026-03-01 03:00:00\n", ct);

        var ex = await Assert.ThrowsAsync<FeatureStoreException>(() =>
            world.Store.GetHistoricalFeaturesAsync(HistoricalFeaturesRequest.ForEntityRows("svc", entities, Path.Combine(world.Root, "o.parquet")), ct));

        Assert.Contains("2 entity row(s) rejected", ex.Message, StringComparison.Ordinal);
        Assert.Contains("row(s) 2, 3", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(world.Root, "o.parquet")));
    }

    [Fact]
    public async Task HistoricalRetrieval_MissingKeyColumn_FailsNamingIt()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        await TwoViewWorld.SetUpAsync(world, s_small, ct);
        var entities = Path.Combine(world.Root, "e.csv");
        await File.WriteAllTextAsync(entities, "id,timestamp\nC0,2026-03-01 02:00:00\n", ct);

        var ex = await Assert.ThrowsAsync<FeatureStoreException>(() =>
            world.Store.GetHistoricalFeaturesAsync(HistoricalFeaturesRequest.ForEntityRows("svc", entities, Path.Combine(world.Root, "o.parquet")), ct));

        Assert.Contains("lack column(s) customer_id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoricalRetrieval_TimeRange_NeedsNoEntityList()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        var scenario = new Scenario(
            [new GenRow(0, 2, 0, 1.0, "red"), new GenRow(0, 2, 3, 1.25, "red"), new GenRow(1, 3, 0, 2.0, "blue"), new GenRow(2, 9, 0, 3.0, "blue")],
            [new GenRow(0, 1, 0, 7.0, "green")],
            [new GenEntity(0, 4, 0)], 4);
        await TwoViewWorld.SetUpAsync(world, scenario, ct);

        var result = await world.Store.GetHistoricalFeaturesAsync(
            HistoricalFeaturesRequest.ForTimeRange("svc", Scenario.EventTime(0), Scenario.EventTime(5), Path.Combine(world.Root, "range.parquet")), ct);
        var rows = await TestWorld.ReadParquetAsync(result.Path, ct);

        Assert.Equal(2, rows.Count);
        Assert.Equal("C0", rows[0]["customer_id"]);
        Assert.Equal(1.25, rows[0]["a"]);
        Assert.Equal(7.0, rows[0]["b"]);
        Assert.Equal("C1", rows[1]["customer_id"]);
        Assert.Null(rows[1]["b"]);
    }

    [Fact]
    public async Task HistoricalRetrieval_ExactDuplicateSourceRows_NeverDuplicateEntityRows()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        var duplicated = new GenRow(0, 2, 0, 1.5, "red");
        await TwoViewWorld.SetUpAsync(world, s_small with { A = [duplicated, duplicated, new GenRow(1, 3, 0, 2.5, "blue")] }, ct);
        var entities = Path.Combine(world.Root, "e.csv");
        await File.WriteAllTextAsync(entities, "customer_id,timestamp\nC0,2026-03-01 02:00:00\nC1,2026-03-01 02:00:00\n", ct);

        var result = await world.Store.GetHistoricalFeaturesAsync(HistoricalFeaturesRequest.ForEntityRows("svc", entities, Path.Combine(world.Root, "o.parquet")), ct);
        var rows = await TestWorld.ReadParquetAsync(result.Path, ct);

        Assert.Equal(2, rows.Count);
        Assert.Equal(1.5, rows[0]["a"]);
        Assert.Equal(2.5, rows[1]["a"]);
    }
}
