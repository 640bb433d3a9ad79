using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using RiskOps.Features.Definitions;
using RiskOps.Features.Offline;

namespace RiskOps.Features.Tests.BuiltIns;

/// <summary><see cref="DemandShapeFit"/>: the additive POI fit, on hand-computed cases, as properties, and through DuckDB.</summary>
public sealed class DemandShapeFitTests
{
    [Fact]
    public void Fit_OneGroup_IsThePooledRatio() =>
        Assert.Equal(12.0 / 40.0, Assert.Single(DemandShapeFit.Fit(["mall;station"], [40.0], [12.0], 5)!), 12);

    [Fact]
    public void Fit_AdditiveData_RecoversEachSetsShape()
    {
        // base 0.5, station +1.0, mall +0.25: four sets, exact bookings; a tiny ridge barely moves the fit.
        string[] sets = ["", "station", "mall", "mall;station"];
        double[] truth = [0.5, 1.5, 0.75, 1.75];
        double[] flat = [100, 200, 50, 80];
        var fitted = DemandShapeFit.Fit(sets, flat, [.. flat.Select((f, i) => f * truth[i])], 1e-9)!;
        for (var i = 0; i < sets.Length; i++)
        {
            Assert.Equal(truth[i], fitted[i], 6);
        }
    }

    [Fact]
    public void Fit_RareSet_BorrowsFromTheOthers()
    {
        // "nightlife;residential" saw 1 booking on a flat expectation of 2; its tokens' bays elsewhere say ~1 + 0.2: the
        // fit is near that, far from the set's own 0.5.
        var fitted = DemandShapeFit.Fit(["nightlife", "residential", "nightlife;residential", ""], [400, 400, 2, 400], [400, 80, 1, 0], 5)!;
        Assert.InRange(fitted[2], 1.0, 1.3);
        Assert.InRange(fitted[3], 0, 0.05);
    }

    [Fact]
    public void Fit_NoExpectation_IsNull() => Assert.Null(DemandShapeFit.Fit(["a", "b"], [0, 0], [0, 0], 5));

    [Fact]
    public void Fit_MismatchedLists_AreRefused() =>
        Assert.Throws<ArgumentException>(() => DemandShapeFit.Fit(["a", "b"], [1], [1, 2], 5));

    [Fact]
    public void Fit_IsInvariantToGroupOrder_AndNeverNegative()
    {
        string[] pool = ["", "a", "b", "a;b", "c", "a;c", "b;c;a"];
        var groups = Gen.Choose(0, pool.Length - 1).Select(i => pool[i]).ArrayOf().Where(a => a.Length > 0).Select(a => a.Distinct().ToArray());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(groups.ToArbitrary(), Gen.Choose(1, 1_000).ToArbitrary(), (sets, seed) =>
        {
            var rng = new Random(seed);
            var flat = sets.Select(_ => rng.NextDouble() * 50).ToArray();
            var bookings = flat.Select(f => Math.Floor(f * rng.NextDouble() * 2)).ToArray();
            var fitted = DemandShapeFit.Fit(sets, flat, bookings, 5)!;
            var order = Enumerable.Range(0, sets.Length).OrderBy(_ => rng.Next()).ToArray();
            var shuffled = DemandShapeFit.Fit([.. order.Select(i => sets[i])], [.. order.Select(i => flat[i])], [.. order.Select(i => bookings[i])], 5)!;
            for (var i = 0; i < order.Length; i++)
            {
                Assert.Equal(fitted[order[i]], shuffled[i], 9);
            }

            Assert.All(fitted, v => Assert.True(v >= 0));
        }));
    }

    [Fact]
    public async Task Function_IsRegisteredOnEveryStoreConnection()
    {
        var ct = TestContext.Current.CancellationToken;
        var temp = Directory.CreateTempSubdirectory("riskops-shapefit-");
        try
        {
            await using var duck = await DuckDbSession.OpenAsync(temp.FullName, "256MB", ct);
            var value = await DuckDbSession.ScalarAsync(duck,
                $"SELECT CAST(string_split({DemandShapeFit.FunctionName}(['', 'station'], [100.0, 200.0], [50.0, 300.0], 1e-9), ';') AS DOUBLE[])[2]", ct);
            Assert.Equal(1.5, Convert.ToDouble(value, CultureInfo.InvariantCulture), 6);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }
}
