namespace RiskOps.Simulator.Tests;

/// <summary>
/// The world is built so that context matters and order matters: these tests prove it on the ground truth,
/// using only features recomputed from the raw files.
/// </summary>
[Collection(WorldCollection.Name)]
public sealed class GroundTruthSignalTests(WorldFixture world)
{
    private static DriverFeatures? s_features;

    private DriverFeatures Features => s_features ??= DriverFeatures.Compute(world.Layout.RawDir, world.Layout.GroundTruthDir);

    [Fact]
    public void ContextWeightedBrakes_RankTruePropensityBetterThanNaiveCounts()
    {
        var f = Features;
        var drivers = f.Km.Where(kv => kv.Value >= 30).Select(kv => kv.Key).ToList();
        var truth = drivers.Select(d => f.Propensity[d]).ToList();
        var naive = drivers.Select(d => f.Brakes.GetValueOrDefault(d) / f.Km[d]).ToList();
        var aware = drivers.Select(d => f.ContextWeightedBrakes.GetValueOrDefault(d) / f.Km[d]).ToList();

        var naiveRho = Stats.Spearman(naive, truth);
        var awareRho = Stats.Spearman(aware, truth);

        TestContext.Current.TestOutputHelper?.WriteLine($"drivers {drivers.Count}, brakes: naive rho {naiveRho:F3}, context-weighted rho {awareRho:F3}");
        Assert.True(awareRho > naiveRho + 0.03, $"context-weighted rho {awareRho:F3} should beat naive {naiveRho:F3}");
        Assert.True(awareRho > 0.2, $"context-weighted brakes should carry signal (rho {awareRho:F3})");
    }

    [Fact]
    public void ResidentialSpeedingShare_RanksTruePropensityBetterThanOverallShare()
    {
        var f = Features;
        var drivers = f.ResidentialSpeeding.Where(kv => kv.Value.All >= 20).Select(kv => kv.Key).ToList();
        var truth = drivers.Select(d => f.Propensity[d]).ToList();
        var overall = drivers.Select(d => (double)f.Speeding[d].Above / f.Speeding[d].All).ToList();
        var residential = drivers.Select(d => (double)f.ResidentialSpeeding[d].Above / f.ResidentialSpeeding[d].All).ToList();

        var overallRho = Stats.Spearman(overall, truth);
        var residentialRho = Stats.Spearman(residential, truth);

        TestContext.Current.TestOutputHelper?.WriteLine($"speeding: overall rho {overallRho:F3}, residential rho {residentialRho:F3}");
        Assert.True(residentialRho > overallRho + 0.1, $"residential rho {residentialRho:F3} should beat overall {overallRho:F3}");
    }

    [Fact]
    public void ErraticDrivers_SameCountsButBurstyOrder()
    {
        var f = Features;
        var drivers = f.Km.Where(kv => kv.Value >= 30).Select(kv => kv.Key).ToList();
        double Rate(bool erratic) => drivers.Where(d => f.Erratic[d] == erratic).Sum(d => f.HarshBrakeAccel.GetValueOrDefault(d))
                                     / drivers.Where(d => f.Erratic[d] == erratic).Sum(d => f.Km[d]) * 100;
        double Alternation(bool erratic)
        {
            var (bursts, harsh) = drivers.Where(d => f.Erratic[d] == erratic && f.Alternation.ContainsKey(d))
                .Aggregate((0, 0), (acc, d) => (acc.Item1 + f.Alternation[d].Bursts, acc.Item2 + f.Alternation[d].Harsh));
            return (double)bursts / harsh;
        }

        var countRatio = Rate(true) / Rate(false);
        var orderRatio = Alternation(true) / Math.Max(1e-9, Alternation(false));

        TestContext.Current.TestOutputHelper?.WriteLine($"harsh per 100 km ratio erratic/other {countRatio:F3}; alternation {Alternation(true):F3} vs {Alternation(false):F3}");
        Assert.InRange(countRatio, 0.8, 1.25);
        Assert.True(orderRatio > 5, $"erratic drivers should alternate brake/accelerate far more often (ratio {orderRatio:F2})");
    }
}
