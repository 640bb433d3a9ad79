using RiskOps.Features.Definitions;
using RiskOps.Features.Online;
using RiskOps.Features.Synthetic;

namespace RiskOps.Features.Tests.BuiltIns;

/// <summary>Every built-in service served online after materializing synthetic gold.</summary>
public sealed class BuiltInOnlineTests
{
    [Fact]
    public async Task BuiltInServices_AfterMaterialize_ServeOnlineAndMatchOfflineFallback()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        await SyntheticGold.WriteAsync(world.Layout, customers: 30, days: 3, bays: 5, ct);
        await world.Store.ApplyBuiltInsAsync(ct);
        world.Time.SetUtcNow(SyntheticGold.Start + TimeSpan.FromDays(2) + TimeSpan.FromMinutes(5));

        await world.Store.MaterializeAsync(SyntheticGold.Start - TimeSpan.FromDays(60), SyntheticGold.Start + TimeSpan.FromDays(10), null, ct);

        var crai = world.Store.GetOnlineReader("crai").Read("C0000000");
        Assert.Equal(5, crai.Features.Count);
        Assert.Equal(0, crai.UnavailableCount);
        Assert.Equal(TimeSpan.FromMinutes(5), crai.Freshness(0));

        // The multi-horizon demand service, read as serving does: the bucket starting now, keys from DemandTargets.
        var demandReader = world.Store.GetOnlineReader("demand");
        var demand = demandReader.CreateVector();
        var target = DemandTargets.FloorToBucket(world.Time.GetUtcNow().UtcDateTime);
        demandReader.Read([.. demandReader.Service.JoinKeys.Select(k => DemandTargets.Key(k, new DemandBay("B00001", 0, 10, DemandBay.ParsePois("station;mall")), target))], demand);
        var demandFeatures = demandReader.Features.Select(f => f.Name).ToList();
        Assert.Equal(FeatureStatus.Present, demand.Status[demandFeatures.IndexOf("bay_mean_28d")]);
        Assert.Equal(FeatureStatus.Present, demand.Status[demandFeatures.IndexOf("qod_mean_28d")]);
        Assert.Equal(FeatureStatus.Present, demand.Status[demandFeatures.IndexOf("rain_mm")]);
        Assert.Equal(FeatureStatus.Present, demand.Status[demandFeatures.IndexOf("expected_rate")]);

        var triage = world.Store.GetOnlineReader("claims_triage");
        var vector = triage.CreateVector();
        triage.Read(["K0000001", "C0000000"], vector);
        Assert.Equal(["claim_id", "customer_id"], triage.Service.JoinKeys);
        Assert.Equal(FeatureStatus.Present, vector.Status[triage.Features.ToList().FindIndex(f => f.Name == "age_years")]);

        var ids = Enumerable.Range(0, 30).Select(i => $"C{i:D7}").Append("C9999999").ToList();
        var online = world.Store.GetOnlineReader("crai").ReadBatch(ids);
        var offline = await world.Store.ReadOfflineLatestAsync("crai", ids, ct);
        Assert.Equal(FeatureReadSource.OfflineFallback, offline.Source);
        Assert.Equal(online.Status, offline.Status);
        for (var r = 0; r < ids.Count; r++)
        {
            for (var f = 0; f < online.Features.Count; f++)
            {
                Assert.Equal(online.Value(r, f), offline.Value(r, f));
            }
        }
        Assert.All(online.Status.Skip(30 * 60), s => Assert.Equal(FeatureStatus.Missing, s));
    }
}
