using RiskOps.Core.Lakehouse;
using RiskOps.Features.Definitions;
using RiskOps.Features.Offline;
using RiskOps.Features.Online;
using RiskOps.Lakehouse;
using RiskOps.Simulator;

namespace RiskOps.Features.Tests.EndToEnd;

/// <summary>Simulator → lakehouse → feature store, on a tiny world: the real gold, not a stand-in.</summary>
public sealed class SimulatedWorldTests
{
    [Fact]
    public async Task SimulatedWorld_GoldRegistersAndServesTheSameValuesOfflineAndOnline()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        var options = new SimulationOptions { Customers = 120, Vehicles = 30, Bays = 8, Days = 12, StartDate = new DateOnly(2026, 5, 4), MaxDegreeOfParallelism = 2 };
        await WorldSimulator.RunAsync(options, world.Layout, null, ct);
        using (var lake = LakehousePipeline.Open(world.Layout, new LakehouseOptions { Threads = 2, MemoryLimit = "1GB" }))
        {
            lake.RunEtl(cancellationToken: ct);
        }

        var report = await world.Store.ApplyBuiltInsAsync(ct);
        Assert.DoesNotContain(report, line => line.Contains("skipped", StringComparison.Ordinal));

        var now = new DateTimeOffset(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);
        world.Time.SetUtcNow(now);
        // Profiles date from signup, years back: the range must reach them (as with Feast, rows outside [START, END) are not read).
        await world.Store.MaterializeAsync(now - TimeSpan.FromDays(365 * 30), now, null, ct);

        var entities = Path.Combine(world.Root, "obs.parquet");
        var profile = world.Layout.GoldTableGlob(GoldTables.CustomerProfile);
        await TestWorld.ExecuteAsync(
            $"COPY (SELECT DISTINCT customer_id, {TestWorld.Ts(now)} AS \"timestamp\" FROM read_parquet('{profile}') ORDER BY customer_id) TO '{entities}' (FORMAT parquet)", ct);
        var set = await world.Store.GetHistoricalFeaturesAsync(HistoricalFeaturesRequest.ForEntityRows("crai", entities, Path.Combine(world.Root, "crai.parquet")), ct);
        var rows = await TestWorld.ReadParquetAsync(set.Path, ct);
        Assert.Equal(120, rows.Count);
        Assert.Contains(rows, r => r["log_km_90d"] is double km && km > 0);
        Assert.Contains(rows, r => r["log_harsh_events_per_100km_270d"] is double events && events > 0);

        // Training and serving agree at the same instant: the point of a feature store.
        var reader = world.Store.GetOnlineReader("crai");
        var vector = reader.CreateVector();
        foreach (var row in rows)
        {
            reader.Read((string)row["customer_id"]!, vector);
            for (var f = 0; f < reader.Features.Count; f++)
            {
                var offline = row[reader.Features[f].Name];
                var online = vector.Value(f);
                Assert.True(Equals(offline, online) || (offline is null && (online is null || online is double.NaN)),
                    $"{row["customer_id"]} {reader.Features[f].Name}: offline {offline}, online {online} ({vector.Status[f]})");
            }
        }
        Assert.NotNull(world.Store.Registry.GetStatistics(GoldTables.CustomerDrivingBehavior));
        var demand = world.Store.GetOnlineReader("demand");
        var target = DemandTargets.FloorToBucket(world.Time.GetUtcNow().UtcDateTime);
        var demandVector = demand.CreateVector();
        demand.Read([.. demand.Service.JoinKeys.Select(k => DemandTargets.Key(k, new DemandBay("B0001", 0, 10, DemandBay.ParsePois(null)), target))], demandVector);
        Assert.Equal(FeatureStatus.Present, demandVector.Status[demand.Features.ToList().FindIndex(f => f.Name == "bay_mean_28d")]);
    }
}
