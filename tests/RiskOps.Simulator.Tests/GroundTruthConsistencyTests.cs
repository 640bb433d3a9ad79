using System.Globalization;
using System.Text.Json;

namespace RiskOps.Simulator.Tests;

/// <summary>The ground truth is the truth: realised outcomes agree with the true rates written next to them.</summary>
[Collection(WorldCollection.Name)]
public sealed class GroundTruthConsistencyTests(WorldFixture world)
{
    private string Raw => world.Layout.RawDir;
    private string Truth => world.Layout.GroundTruthDir;

    [Fact]
    public void Incidents_MatchTheSumOfDailyHazards()
    {
        var hazards = RawFiles.Truth(Truth, "customer_daily_hazard.csv").Select(r => RawFiles.D(r[2])).ToList();
        var incidents = RawFiles.Truth(Truth, "incidents.csv").Count;
        var expected = hazards.Sum();
        var sd = Math.Sqrt(hazards.Sum(h => h * (1 - h)));

        Assert.Equal(WorldFixture.Options.Customers * WorldFixture.Options.Days, hazards.Count);
        Assert.True(incidents > 30, $"only {incidents} incidents");
        Assert.InRange(incidents, expected - (4 * sd), expected + (4 * sd));
    }

    [Fact]
    public void TrueHazard_RanksWhoHasIncidents()
    {
        var total = new Dictionary<string, double>();
        foreach (var r in RawFiles.Truth(Truth, "customer_daily_hazard.csv"))
        {
            total[r[0]] = total.GetValueOrDefault(r[0]) + RawFiles.D(r[2]);
        }

        var hit = RawFiles.Truth(Truth, "incidents.csv").Select(r => r[1]).ToHashSet();
        var ids = total.Keys.ToList();
        var auc = Stats.Auc([.. ids.Select(i => total[i])], [.. ids.Select(hit.Contains)]);
        Assert.True(auc > 0.7, $"AUC of the true hazard {auc:F3}");
    }

    [Fact]
    public void Incidents_PointAtDeliveredTripsAndClaims()
    {
        var trips = RawFiles.Csv(Raw, "trips").Select(r => r[0]).ToHashSet();
        var claims = RawFiles.Truth(Truth, "claims.csv").Select(r => r[0]).ToHashSet();
        var incidents = RawFiles.Truth(Truth, "incidents.csv");
        Assert.All(incidents.Where(r => r[2].Length > 0), r => Assert.Contains(r[2], trips));
        Assert.All(incidents.Where(r => r[4].Length > 0), r => Assert.Contains(r[4], claims));
        Assert.Contains(incidents, r => r[4].Length == 0); // some incidents are never claimed
    }

    [Fact]
    public void Bookings_MatchTheTrueDemandRate()
    {
        var expected = new Dictionary<(string, DateTime), double>();
        foreach (var r in RawFiles.Truth(Truth, "bay_demand_rate.csv"))
        {
            expected[(r[0], DateTime.Parse(r[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal))] = RawFiles.D(r[2]);
        }

        var bays = RawFiles.Csv(Raw, "bays").Select(r => r[0]).ToHashSet();
        var observed = new Dictionary<(string, DateTime), int>();
        foreach (var r in RawFiles.CleanCsv(Raw, "bookings", 9))
        {
            if (r[8] != "booked" || !bays.Contains(r[1]) || !RawValidator.TryTs(r[5], out var starts))
            {
                continue;
            }

            var utc = starts.UtcDateTime;
            var bucket = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute / 15 * 15, 0, DateTimeKind.Utc);
            observed[(r[1], bucket)] = observed.GetValueOrDefault((r[1], bucket)) + 1;
        }

        Assert.Equal(WorldFixture.Options.Bays * WorldFixture.Options.Days * 96, expected.Count);
        Assert.All(observed.Keys, k => Assert.True(expected.ContainsKey(k), $"booking in unknown bucket {k}"));
        var totalExpected = expected.Values.Sum();
        var totalObserved = observed.Values.Sum();

        // Malformed rows (0.3%) are dropped here, hence a small allowance below the Poisson band.
        Assert.InRange(totalObserved, (totalExpected * 0.995) - (4 * Math.Sqrt(totalExpected)), totalExpected + (4 * Math.Sqrt(totalExpected)));

        // Per bay-day the rate explains the counts.
        var byDay = expected.GroupBy(kv => (kv.Key.Item1, kv.Key.Item2.Date)).ToList();
        var x = byDay.Select(g => g.Sum(kv => kv.Value)).ToList();
        var y = byDay.Select(g => (double)g.Sum(kv => observed.GetValueOrDefault(kv.Key))).ToList();
        Assert.True(Stats.Pearson(x, y) > 0.8, $"bay-day correlation {Stats.Pearson(x, y):F3}");
    }

    [Fact]
    public void PublicEvents_AreAnnouncedBeforeTheyStart()
    {
        var events = RawFiles.JsonLines(Raw, "public_events").OfType<JsonElement>()
            .Where(e => e.TryGetProperty("announced_at", out _) && e.TryGetProperty("starts_at", out _)).ToList();
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.True(
            DateTimeOffset.Parse(e.GetProperty("announced_at").GetString()!, CultureInfo.InvariantCulture)
            < DateTimeOffset.Parse(e.GetProperty("starts_at").GetString()!, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Weather_HasOneReadingPerCityPerHour()
    {
        var cities = RawFiles.Csv(Raw, "cities").Count();
        var keys = RawFiles.JsonLines(Raw, "weather").OfType<JsonElement>()
            .Where(e => e.TryGetProperty("city", out _) && e.TryGetProperty("observed_at", out _))
            .Select(e => $"{e.GetProperty("city").GetString()}|{e.GetProperty("observed_at").GetString()}").ToHashSet();

        // Truncated lines lose a few readings; everything else is there exactly once after dedupe.
        Assert.InRange(keys.Count, cities * 24 * WorldFixture.Options.Days * 0.995, cities * 24 * WorldFixture.Options.Days);
    }
}
