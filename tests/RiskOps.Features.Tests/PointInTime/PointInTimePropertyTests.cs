using FsCheck;
using FsCheck.Fluent;
using RiskOps.Features.Offline;
using RiskOps.Features.Online;

namespace RiskOps.Features.Tests.PointInTime;

/// <summary>
/// Offline retrieval and the online store against a brute-force reference on random worlds: TTL
/// edges, same-event corrections, missing entities and null values all occur.
/// </summary>
public sealed class PointInTimePropertyTests
{
    [Fact]
    public void HistoricalRetrieval_MatchesBruteForceReference()
    {
        var ct = TestContext.Current.CancellationToken;
        var property = Prop.ForAll(ScenarioGen.Scenarios, scenario => CheckHistoricalAsync(scenario, ct));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), property);
    }

    [Fact]
    public void OnlineRead_AfterMaterialization_MatchesOfflineReferenceAtNow()
    {
        var ct = TestContext.Current.CancellationToken;
        var property = Prop.ForAll(ScenarioGen.Scenarios, scenario => CheckOnlineAsync(scenario, ct));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(15), property);
    }

    private static async Task CheckHistoricalAsync(Scenario scenario, CancellationToken ct)
    {
        using var world = new TestWorld();
        await TwoViewWorld.SetUpAsync(world, scenario, ct);
        var entities = Path.Combine(world.Root, "entities.parquet");
        await TestWorld.ExecuteAsync($"COPY ({scenario.EntitySelect()}) TO '{entities}' (FORMAT parquet)", ct);

        var result = await world.Store.GetHistoricalFeaturesAsync(
            HistoricalFeaturesRequest.ForEntityRows("svc", entities, Path.Combine(world.Root, "out.parquet")), ct);

        var rows = await TestWorld.ReadParquetAsync(result.Path, ct);
        Assert.Equal(scenario.Entities.Count, rows.Count);
        Assert.Equal(["a", "color_a", "b", "color_b"], result.Features.Select(f => f.Name));
        for (var i = 0; i < rows.Count; i++)
        {
            var entity = scenario.Entities[i];
            var ts = Scenario.EntityTime(entity);
            Assert.Equal(i, Convert.ToInt32(rows[i]["label"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Scenario.Key(entity.Key), rows[i]["customer_id"]);
            var a = Scenario.Expected(scenario.A, entity.Key, ts, Scenario.TtlA);
            var b = Scenario.Expected(scenario.B, entity.Key, ts, Scenario.TtlB);
            var context = $"row {i} ({Scenario.Key(entity.Key)} at {ts:O})";
            Assert.True(Equals(a?.Value, rows[i]["a"] as double?), $"{context}: a expected {a?.Value} got {rows[i]["a"]}");
            Assert.True(Equals(a?.Category, rows[i]["color_a"] as string), $"{context}: color_a expected {a?.Category} got {rows[i]["color_a"]}");
            Assert.True(Equals(b?.Value, rows[i]["b"] as double?), $"{context}: b expected {b?.Value} got {rows[i]["b"]}");
            Assert.True(Equals(b?.Category, rows[i]["color_b"] as string), $"{context}: color_b expected {b?.Category} got {rows[i]["color_b"]}");
        }
    }

    private static async Task CheckOnlineAsync(Scenario scenario, CancellationToken ct)
    {
        using var world = new TestWorld(new FeatureStoreOptions { DuckDbMemoryLimit = "512MB", MaterializationChunkRows = 2 });
        await TwoViewWorld.SetUpAsync(world, scenario, ct);
        world.Time.SetUtcNow(scenario.Now);
        await world.Store.MaterializeAsync(TestWorld.Epoch - TimeSpan.FromDays(1), scenario.Now + TimeSpan.FromDays(1), null, ct);
        var reader = world.Store.GetOnlineReader("svc");
        var vector = reader.CreateVector();
        var fallback = await world.Store.ReadOfflineLatestAsync("svc", Enumerable.Range(0, 6).Select(Scenario.Key).ToList(), ct);
        for (var key = 0; key <= 5; key++)
        {
            reader.Read(Scenario.Key(key), vector);
            var a = Scenario.Expected(scenario.A, key, scenario.Now, Scenario.TtlA);
            var b = Scenario.Expected(scenario.B, key, scenario.Now, Scenario.TtlB);
            AssertServed(a, vector, 0, scenario, key, scenario.A);
            AssertServed(b, vector, 2, scenario, key, scenario.B);
            for (var f = 0; f < 4; f++)
            {
                Assert.Equal(vector.Status[f], fallback.Status[key * 4 + f]);
                Assert.Equal(vector.Value(f), fallback.Value(key, f));
            }
        }
    }

    private static void AssertServed(GenRow? expected, OnlineFeatureVector vector, int offset, Scenario scenario, int key, IReadOnlyList<GenRow> rows)
    {
        var context = $"{Scenario.Key(key)} at {scenario.Now:O}";
        if (expected is null)
        {
            // Nothing within the TTL: missing if the entity never had a row before now, else expired.
            var any = rows.Any(r => r.Key == key && Scenario.EventTime(r.EventSlot) <= scenario.Now);
            Assert.True(vector.Status[offset] == (any ? FeatureStatus.Expired : FeatureStatus.Missing), $"{context}: status {vector.Status[offset]}");
            Assert.True(double.IsNaN(vector.Numeric[offset]) && vector.Categorical[offset + 1] is null, $"{context}: stale value served");
            return;
        }
        Assert.Equal(FeatureStatus.Present, vector.Status[offset]);
        Assert.True(Equals(expected.Value, vector.Value(offset) as double?) || (expected.Value is null && double.IsNaN(vector.Numeric[offset])),
            $"{context}: numeric expected {expected.Value} got {vector.Numeric[offset]}");
        Assert.Equal(expected.Category, vector.Categorical[offset + 1]);
        Assert.Equal(scenario.Now - Scenario.EventTime(expected.EventSlot), vector.Freshness(offset));
    }
}
