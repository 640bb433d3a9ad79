using RiskOps.Core.Lakehouse;
using RiskOps.Core.Modeling;
using RiskOps.Features.Definitions;
using RiskOps.Features.Offline;
using RiskOps.Features.Synthetic;

namespace RiskOps.Features.Tests.BuiltIns;

/// <summary>The built-in views and services over gold-shaped tables (SyntheticGold, small scale).</summary>
public sealed class BuiltInFeaturesTests
{
    [Fact]
    public async Task ApplyBuiltIns_RegistersEveryViewAndService()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        await SyntheticGold.WriteAsync(world.Layout, customers: 50, days: 3, bays: 6, ct);

        var report = await world.Store.ApplyBuiltInsAsync(ct);

        Assert.DoesNotContain(report, line => line.Contains("skipped", StringComparison.Ordinal));
        Assert.Equal(BuiltInFeatures.Views.Select(v => v.Name).Order(), world.Store.Registry.ListViews().Select(v => v.Name).Order());
        var crai = world.Store.Registry.GetService("crai");
        Assert.Equal(5, crai.Features.Count);
        Assert.Equal(["customer_id"], crai.JoinKeys);
        Assert.Contains(new FeatureRef("log_km_90d", FeatureKind.Numeric), crai.Features);
        Assert.Contains(new FeatureRef("log_rental_frequency", FeatureKind.Numeric), crai.Features);
        Assert.Equal(["claim_id", "customer_id"], world.Store.Registry.GetService("claims_triage").JoinKeys);
        Assert.Equal(["parking_bay_id", "bay_slot", "bay_qod", "bay_profile", "bay_dow_profile", "bay_expected", "bay_bucket"], world.Store.Registry.GetService("demand").JoinKeys);
    }

    [Fact]
    public async Task ApplyBuiltIns_WithoutGold_SkipsWithReason()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();

        var report = await world.Store.ApplyBuiltInsAsync(ct);

        Assert.All(report, line => Assert.Contains("skipped", line, StringComparison.Ordinal));
        Assert.Contains(report, line => line.Contains("has no Parquet files", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CraiHistoricalRetrieval_ServesEveryFeatureAtTheDayEnd()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        await SyntheticGold.WriteAsync(world.Layout, customers: 40, days: 3, bays: 4, ct);
        await world.Store.ApplyBuiltInsAsync(ct);
        var entities = Path.Combine(world.Root, "entities.parquet");
        // Day 2 + 1 h: the driving row of day 1 (event_ts = day 2 midnight) is the latest valid one.
        var ts = SyntheticGold.Start + TimeSpan.FromDays(2) + TimeSpan.FromHours(1);
        await TestWorld.ExecuteAsync(
            $"COPY (SELECT 'C' || lpad(CAST(c AS VARCHAR), 7, '0') AS customer_id, {TestWorld.Ts(ts)} AS \"timestamp\" FROM range(40) r(c)) TO '{entities}' (FORMAT parquet)", ct);

        var result = await world.Store.GetHistoricalFeaturesAsync(HistoricalFeaturesRequest.ForEntityRows("crai", entities, Path.Combine(world.Root, "crai.parquet")), ct);

        Assert.Equal(40, result.Rows);
        var rows = await TestWorld.ReadParquetAsync(result.Path, ct);
        Assert.Equal(2 + 5, rows[0].Count);
        Assert.All(rows, r => Assert.NotNull(r["log_rental_frequency"]));
        // The 90-day exposure recomputed by hand from the gold row the retrieval must have picked (the 270-day features:
        // CraiDrivingHistoryTests).
        var gold = (await TestWorld.ReadParquetAsync(world.Layout.GoldTableGlob(GoldTables.CustomerDrivingBehavior), ct))
            .Where(g => (DateTime)g["event_ts"]! <= ts.UtcDateTime)
            .GroupBy(g => (string)g["customer_id"]!)
            .ToDictionary(g => g.Key, g => g.OrderBy(x => (DateTime)x["event_ts"]!).ThenBy(x => (DateTime)x["created_ts"]!).Last());
        Assert.All(rows, r =>
        {
            var g = gold[(string)r["customer_id"]!];
            Assert.Equal(Math.Log(1 + (double)g["km_90d"]!), (double)r["log_km_90d"]!, 9);
        });
    }

    [Fact]
    public async Task BayDemandLags_MatchHandComputedLags()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        // One bay, 8 days of buckets with bookings = bucket index % 7, and one bucket missing.
        var start = SyntheticGold.Start;
        var buckets = Enumerable.Range(0, 8 * 96).Where(q => q != 500).ToList();
        await world.WriteGoldAsync(GoldTables.ParkingBayDemandHistory, $"""
            SELECT 'B1' AS parking_bay_id, {TestWorld.Ts(start)} + to_minutes(CAST(q * 15 AS BIGINT)) AS bucket_start, CAST(q % 7 AS BIGINT) AS bookings,
                   {TestWorld.Ts(start)} + to_minutes(CAST(q * 15 + 15 AS BIGINT)) AS event_ts, {TestWorld.Ts(start)} AS created_ts
            FROM unnest([{string.Join(",", buckets)}]) AS t(q)
            """, ct);
        await world.Store.Registry.RegisterViewAsync(BuiltInFeatures.BayDemandLags, ct);
        world.Store.Registry.RegisterService(new FeatureService("lags", [new(BuiltInFeatures.BayDemandLags.Name)], "test", "tests"));
        var q0 = 7 * 96 + 3;
        var ts = start + TimeSpan.FromMinutes(15 * (q0 + 1));
        var entities = Path.Combine(world.Root, "e.parquet");
        await TestWorld.ExecuteAsync($"COPY (SELECT 'B1' AS parking_bay_id, {TestWorld.Ts(ts)} AS \"timestamp\") TO '{entities}' (FORMAT parquet)", ct);

        var result = await world.Store.GetHistoricalFeaturesAsync(HistoricalFeaturesRequest.ForEntityRows("lags", entities, Path.Combine(world.Root, "o.parquet")), ct);
        var row = (await TestWorld.ReadParquetAsync(result.Path, ct)).Single();

        double Bookings(int q) => buckets.Contains(q) ? q % 7 : 0;
        Assert.Equal(Bookings(q0), row["bookings_last_15m"]);
        Assert.Equal(Enumerable.Range(q0 - 3, 4).Sum(Bookings), row["bookings_last_1h"]);
        Assert.Equal(Enumerable.Range(q0 - 95, 96).Sum(Bookings), row["bookings_last_24h"]);
        Assert.Equal(Enumerable.Range(q0 - 671, 672).Sum(Bookings) / 672.0, (double)row["bookings_mean_7d"]!, 9);
        Assert.Equal(Bookings(q0 + 1 - 96), row["bookings_next_bucket_1d_ago"]);
        Assert.Equal(Bookings(q0 + 1 - 672), row["bookings_next_bucket_7d_ago"]);
    }
}
