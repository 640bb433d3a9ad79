using RiskOps.Features.Definitions;
using RiskOps.Features.Online;
using RiskOps.Features.Tests.PointInTime;

namespace RiskOps.Features.Tests.Materialization;

public sealed class MaterializationTests
{
    private static readonly Scenario s_world = new(
        [new GenRow(0, 2, 0, 1.0, "red"), new GenRow(1, 3, 0, 2.0, "blue"), new GenRow(2, 4, 0, 3.0, "green"), new GenRow(3, 4, 1, 4.0, "red"), new GenRow(4, 1, 0, 5.0, null)],
        [new GenRow(0, 3, 0, 10.0, "green")],
        [new GenEntity(0, 4, 0)], 4);

    private static readonly DateTimeOffset s_now = Scenario.EventTime(5);

    [Fact]
    public async Task Materialize_RerunSameRange_WritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = await SetUpAsync(ct);

        var first = await world.Store.MaterializeAsync(TestWorld.Epoch, s_now, null, ct);
        var second = await world.Store.MaterializeAsync(TestWorld.Epoch, s_now, null, ct);

        Assert.Equal(6, first.RowsWritten);
        Assert.Equal(0, second.RowsWritten);
        Assert.Equal(5, world.Store.OnlineStore.GetViewInfo("view_a")!.Entities);
    }

    [Fact]
    public async Task MaterializeIncremental_SameEventNewerCreated_ReplacesOnlineValue()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = await SetUpAsync(ct);
        await world.Store.MaterializeIncrementalAsync(null, ct);
        var reader = world.Store.GetOnlineReader("svc");
        Assert.Equal(1.0, reader.Read("C0").Numeric[0]);

        await world.WriteGoldAsync("t_a", Scenario.GoldSelect([new GenRow(0, 2, 9, 1.5, "red")], "a", "color_a"), ct);
        var report = await world.Store.MaterializeIncrementalAsync(null, ct);

        Assert.Equal(1, report.RowsWritten);
        Assert.Equal(1.5, reader.Read("C0").Numeric[0]);
    }

    [Fact]
    public async Task MaterializeIncremental_OlderEventCreatedLater_DoesNotReplaceNewerValue()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = await SetUpAsync(ct);
        await world.Store.MaterializeIncrementalAsync(null, ct);

        await world.WriteGoldAsync("t_a", Scenario.GoldSelect([new GenRow(2, 3, 9, -1.0, "late")], "a", "color_a"), ct);
        var report = await world.Store.MaterializeIncrementalAsync(null, ct);

        Assert.Equal(0, report.RowsWritten);
        Assert.Equal(3.0, world.Store.GetOnlineReader("svc").Read("C2").Numeric[0]);
    }

    [Fact]
    public async Task MaterializeIncremental_DerivedView_ServesWhatTheSameViewOverTheTableServes()
    {
        // A derived view (a query over gold) is computed once into a temp table; the same rows read straight from the
        // table are the oracle, through a late correction and a late older event.
        var ct = TestContext.Current.CancellationToken;
        using var world = await SetUpAsync(ct);
        var derived = TwoViewWorld.ViewA with { Name = "view_a_q", Source = new FeatureSource("t_a", "SELECT * FROM {t_a}") };
        await world.Store.Registry.RegisterViewAsync(derived, ct);
        world.Store.Registry.RegisterService(new FeatureService("svc_q", [new("view_a_q")], "the derived view", "tests"));

        await world.Store.MaterializeIncrementalAsync(null, ct);
        AssertSameOnline(world);
        await world.WriteGoldAsync("t_a", Scenario.GoldSelect([new GenRow(0, 2, 9, 1.5, "red"), new GenRow(2, 3, 9, -1.0, "late")], "a", "color_a"), ct);
        await world.Store.MaterializeIncrementalAsync(null, ct);
        AssertSameOnline(world);
        Assert.Equal(1.5, world.Store.GetOnlineReader("svc_q").Read("C0").Numeric[0]);

        static void AssertSameOnline(TestWorld world)
        {
            var table = world.Store.GetOnlineReader("svc");
            var query = world.Store.GetOnlineReader("svc_q");
            foreach (var id in new[] { "C0", "C1", "C2", "C3", "C4" })
            {
                var expected = table.Read(id);
                var actual = query.Read(id);
                Assert.Equal(expected.Numeric[0], actual.Numeric[0]);
                Assert.Equal(expected.Categorical[1], actual.Categorical[1]);
                Assert.Equal(expected.Status[0], actual.Status[0]);
                Assert.Equal(expected.EventTicks[0], actual.EventTicks[0]);
            }
        }
    }

    [Fact]
    public async Task OnlineRead_AfterTtl_ReturnsExpiredWithoutValue()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = await SetUpAsync(ct);
        await world.Store.MaterializeAsync(TestWorld.Epoch, s_now, null, ct);
        var reader = world.Store.GetOnlineReader("svc");

        world.Time.SetUtcNow(Scenario.EventTime(2) + Scenario.TtlA);
        var atEdge = reader.Read("C0");
        world.Time.Advance(TimeSpan.FromTicks(1));
        var after = reader.Read("C0");

        Assert.Equal(FeatureStatus.Present, atEdge.Status[0]);
        Assert.Equal(Scenario.TtlA, atEdge.Freshness(0));
        Assert.Equal(FeatureStatus.Expired, after.Status[0]);
        Assert.True(double.IsNaN(after.Numeric[0]));
        Assert.Null(after.Categorical[1]);
        Assert.Equal(FeatureStatus.Missing, reader.Read("C9").Status[0]);
    }

    [Fact]
    public async Task Restart_ServesFromSnapshotWithoutMaterializing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = await SetUpAsync(ct);
        await world.Store.MaterializeAsync(TestWorld.Epoch, s_now, null, ct);

        world.Restart();
        var vector = world.Store.GetOnlineReader("svc").Read("C3");

        Assert.Equal(4.0, vector.Numeric[0]);
        Assert.Equal("red", vector.Categorical[1]);
        Assert.Equal(FeatureStatus.Missing, vector.Status[2]);
    }

    [Fact]
    public async Task Materialize_Interrupted_ResumesAfterLastDurableChunk()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new FeatureStoreOptions { DuckDbMemoryLimit = "512MB", MaterializationChunkRows = 2 };
        using var world = await SetUpAsync(ct, options);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var interrupting = new InterruptingOnlineStore(world.Store.OnlineStore, cts);
        using (var store = FeatureStore.Open(world.Layout, world.Time, options, interrupting))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.MaterializeAsync(TestWorld.Epoch, s_now, ["view_a"], cts.Token));
        }
        Assert.Equal(2, world.Store.OnlineStore.GetViewInfo("view_a")!.Entities);

        world.Restart();
        var report = await world.Store.MaterializeAsync(TestWorld.Epoch, s_now, ["view_a"], ct);

        var resumed = Assert.Single(report.Views);
        Assert.True(resumed.Resumed);
        Assert.Equal(3, resumed.RowsRead);
        Assert.Equal(5, resumed.RowsWritten);
        Assert.Equal(5, world.Store.OnlineStore.GetViewInfo("view_a")!.Entities);
    }

    [Fact]
    public async Task Materialize_PersistsStatisticsAsDriftReference()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = await SetUpAsync(ct);
        await world.Store.MaterializeAsync(TestWorld.Epoch, s_now, null, ct);

        var stats = world.Store.Registry.GetStatistics("view_a")!;

        Assert.Equal(5, stats.Rows);
        var a = stats.Features.Single(f => f.Name == "a");
        Assert.Equal(5, a.Count);
        Assert.Equal(3.0, a.Mean);
        Assert.Equal(1.0, a.Min);
        Assert.Equal(5.0, a.Max);
        Assert.Equal(a.Count, a.BinCounts.Sum());
        Assert.Equal(a.BinCounts.Count + 1, a.BinEdges.Count);
        var color = stats.Features.Single(f => f.Name == "color_a");
        Assert.Equal([new("red", 2), new("blue", 1), new("green", 1)], color.TopCategories);
        Assert.Equal(1, color.Nulls);
    }

    private static async Task<TestWorld> SetUpAsync(CancellationToken ct, FeatureStoreOptions? options = null)
    {
        var world = new TestWorld(options);
        await TwoViewWorld.SetUpAsync(world, s_world, ct);
        world.Time.SetUtcNow(s_now);
        return world;
    }
}
