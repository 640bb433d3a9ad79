using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using RiskOps.Core.Calendar;
using RiskOps.Core.Lakehouse;
using RiskOps.Features.Definitions;
using RiskOps.Features.Offline;

namespace RiskOps.Features.Tests.BuiltIns;

/// <summary>
/// <see cref="DemandViews.BayDemandExpected"/> (level × POI-pooled shape) against a brute-force recomputation from the
/// gold rows observed by the forecast time, on bays in three time zones, two of them sharing a POI set written differently.
/// </summary>
public sealed class DemandExpectedTests
{
    // 20 March 2026 (a Friday) + 21 days: Good Friday 3 April and Easter Monday 6 April are holidays.
    private static readonly DateTimeOffset s_start = new(2026, 3, 20, 0, 0, 0, TimeSpan.Zero);
    private const int Days = 21;

    private static readonly (string Bay, string Poi, string City, int Offset)[] s_bays =
    [
        ("B1", "station;mall", "Lisbon", 0),
        ("B2", "Mall; station", "Athens", 120),
        ("B3", "office", "Lisbon", 0),
        ("B4", "office", "Athens", 120),
        ("B5", "nightlife", "Amsterdam", 60),
    ];

    [Fact]
    public async Task BayDemandExpected_MatchesBruteForce_AtEveryHorizon()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        // Bookings 0–3 varying with bay, quarter and day; B1's bucket on day 5 at 08:00 is corrected later to 9.
        await world.WriteGoldAsync(GoldTables.ParkingBayDemandHistory, $"""
            SELECT 'B' || (b + 1) AS parking_bay_id, {TestWorld.Ts(s_start)} + to_minutes(CAST(q * 15 AS BIGINT)) AS bucket_start,
                   CAST((hash(b, q) % 7) // (1 + b % 2 + (q % 96) // 40) AS BIGINT) AS bookings,
                   {TestWorld.Ts(s_start)} + to_minutes(CAST(q * 15 + 15 AS BIGINT)) AS event_ts, {TestWorld.Ts(s_start)} + to_minutes(CAST(q * 15 + 20 AS BIGINT)) AS created_ts
            FROM range(5) AS r(b), range({Days * 96}) AS s(q)
            UNION ALL
            SELECT 'B1', {TestWorld.Ts(s_start.AddDays(5).AddHours(8))}, CAST(9 AS BIGINT), {TestWorld.Ts(s_start.AddDays(5).AddHours(8.25))}, {TestWorld.Ts(s_start.AddDays(6))}
            """, ct);
        await world.WriteGoldAsync(GoldTables.Bays, string.Join(" UNION ALL ", s_bays.Select(b =>
            $"SELECT {TestWorld.Str(b.Bay)} AS parking_bay_id, {TestWorld.Str(b.City)} AS city, 0.0 AS lat, 0.0 AS lon, CAST(10 AS BIGINT) AS capacity, {TestWorld.Str(b.Poi)} AS poi, {Dated()}")), ct);
        await world.WriteGoldAsync(GoldTables.Cities, string.Join(" UNION ALL ", s_bays.Select(b => (b.City, b.Offset)).Distinct().Select(c =>
            string.Create(CultureInfo.InvariantCulture, $"SELECT {TestWorld.Str(c.City)} AS city, 0.0 AS lat, 0.0 AS lon, CAST({c.Offset} AS BIGINT) AS utc_offset_minutes, {Dated()}"))), ct);
        await world.Store.Registry.RegisterViewAsync(DemandViews.BayDemandExpected, ct);
        world.Store.Registry.RegisterService(new FeatureService("x", [new FeatureServiceSelection(DemandViews.BayDemandExpected.Name)], "test", "tests"));

        var history = (await TestWorld.ReadParquetAsync(world.Layout.GoldTableGlob(GoldTables.ParkingBayDemandHistory), ct))
            .GroupBy(r => ((string)r["parking_bay_id"]!, (DateTime)r["bucket_start"]!))
            .Select(g => g.MaxBy(r => (DateTime)r["created_ts"]!)!)
            .Select(r => new Bucket((string)r["parking_bay_id"]!, (DateTime)r["bucket_start"]!, (DateTime)r["event_ts"]!, Convert.ToDouble(r["bookings"], CultureInfo.InvariantCulture)))
            .ToList();
        var bays = s_bays.Select(b => new DemandBay(b.Bay, b.Offset, 10, DemandBay.ParsePois(b.Poi))).ToList();

        // Forecast times: before the correction is observed, after it (a Saturday, mid-day), and across the Easter weekend.
        DateTime[] forecasts = [s_start.UtcDateTime.AddDays(6), s_start.UtcDateTime.AddDays(8).AddHours(6.75), s_start.UtcDateTime.AddDays(16).AddHours(23.25), s_start.UtcDateTime.AddDays(20)];
        var entities = Path.Combine(world.Root, "entities.csv");
        var lines = new List<string> { "bay_expected,timestamp" };
        var expected = new List<(string Key, DateTime Forecast, Brute Value)>();
        foreach (var forecast in forecasts)
        {
            foreach (var bay in bays)
            {
                for (var h = 0; h < DemandTargets.HorizonBuckets; h += 5)
                {
                    var target = forecast + (DemandTargets.Bucket * h);
                    var key = DemandTargets.ExpectedKey(bay, target);
                    lines.Add(string.Create(CultureInfo.InvariantCulture, $"{key},{forecast:yyyy-MM-dd HH:mm:ss}"));
                    expected.Add((key, forecast, BruteForce(history, bays, bay, forecast, target)));
                }
            }
        }

        await File.WriteAllLinesAsync(entities, lines, ct);
        var result = await world.Store.GetHistoricalFeaturesAsync(HistoricalFeaturesRequest.ForEntityRows("x", entities, Path.Combine(world.Root, "out.parquet")), ct);
        var rows = await TestWorld.ReadParquetAsync(result.Path, ct);

        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (key, forecast, brute) = expected[i];
            Assert.Equal(key, rows[i]["bay_expected"]);
            Assert.Equal(brute.Rate, (double)rows[i]["expected_rate"]!, 9);
            Assert.Equal(Math.Log(Math.Max(brute.Rate, 0.002)), (double)rows[i]["expected_log_rate"]!, 9);
            Assert.True(brute.PoolBookings == (double)rows[i]["expected_pool_bookings"]!, $"{key} at {forecast:O}: pool bookings {rows[i]["expected_pool_bookings"]}, brute force {brute.PoolBookings}");
        }

        // Not vacuous: pooling differs from the bay alone (B1 and B2 share a set) and values move with the cell.
        Assert.True(expected.Select(e => e.Value.Rate).Distinct().Count() > expected.Count / 2);
    }

    [Fact]
    public void ExpectedKey_UsesTheLocalDayTypeAndQuarter()
    {
        var athens = new DemandBay("B2", 120, 10, DemandBay.ParsePois("mall"));
        // Thursday 2 April 2026 22:30 UTC is Friday 3 April 00:30 in Athens: Good Friday, a holiday (day off).
        Assert.Equal("B2|o|q2", DemandTargets.ExpectedKey(athens, new DateTime(2026, 4, 2, 22, 30, 0, DateTimeKind.Utc)));
        // Friday 27 March 2026 21:45 UTC is 23:45 on a working Friday in Athens; Saturday 28 March 23:00 UTC is Sunday there.
        Assert.Equal("B2|f|q95", DemandTargets.ExpectedKey(athens, new DateTime(2026, 3, 27, 21, 45, 0, DateTimeKind.Utc)));
        Assert.Equal("B2|o|q4", DemandTargets.ExpectedKey(athens, new DateTime(2026, 3, 28, 23, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("B2|s|q40", DemandTargets.ExpectedKey(athens, new DateTime(2026, 3, 28, 8, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("B2|w|q48", DemandTargets.ExpectedKey(athens, new DateTime(2026, 3, 24, 10, 0, 0, DateTimeKind.Utc)));
        Assert.Throws<ArgumentException>(() => DemandTargets.Key("bay_expected", "B2", DateTime.UnixEpoch));
        Assert.Equal("B2|w|q48", DemandTargets.Key("bay_expected", athens, new DateTime(2026, 3, 24, 10, 0, 0, DateTimeKind.Utc)));
    }

    private static string Dated() => $"{TestWorld.Ts(s_start.AddDays(-30))} AS event_ts, {TestWorld.Ts(s_start.AddDays(-30))} AS created_ts";

    /// <summary>
    /// The definition, computed directly: the latest snapshot at the forecast time covers the buckets ended by its last UTC
    /// midnight (at most <see cref="DemandViews.ExpectedWindowDays"/> days of them); per bay and cell (local day type,
    /// quarter ± 4 within the same side of midnight and 06:00) bookings and buckets against the bay's flat mean; the additive POI fit
    /// across the bays as the shape on Monday–Thursday and Sunday-or-holiday cells, and on Fridays and Saturdays the group's own
    /// (bookings + k × that shape on its Monday–Thursday or Sunday cell) ÷ (flat expectation + k); the level against that shape.
    /// </summary>
    private static Brute BruteForce(List<Bucket> history, List<DemandBay> bays, DemandBay bay, DateTime forecast, DateTime target)
    {
        var cutoff = forecast.Date;
        var first = cutoff.AddDays(-DemandViews.ExpectedWindowDays);
        var seen = history.Where(b => b.EventTs <= cutoff && b.EventTs > first).ToList();
        var smooth = new Dictionary<(string Bay, string Cell), (double S, double N)>();
        var raw = new Dictionary<(string Bay, string Cell), (double S, double N)>();
        var meanRate = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var b in bays)
        {
            var own = seen.Where(x => x.Bay == b.BayId).ToList();
            if (own.Count > 0)
            {
                meanRate[b.BayId] = own.Sum(x => x.Bookings) / own.Count;
            }

            foreach (var x in own)
            {
                var (dayType, quarter) = Cell(b, x.Start);
                Add(raw, (b.BayId, $"{dayType}{quarter}"), x.Bookings);
                for (var k = -DemandViews.ExpectedSmoothingQuarters; k <= DemandViews.ExpectedSmoothingQuarters; k++)
                {
                    // Not across midnight, nor across 06:00.
                    if (quarter + k is >= 0 and < 96 && (quarter < 24) == (quarter + k < 24))
                    {
                        Add(smooth, (b.BayId, $"{dayType}{quarter + k}"), x.Bookings);
                    }
                }
            }
        }

        string Group(DemandBay b) => string.Join(';', b.Pois.Order(StringComparer.Ordinal));
        double Flat(DemandBay b, string cell) => smooth.TryGetValue((b.BayId, cell), out var v) && meanRate.TryGetValue(b.BayId, out var m) ? v.N * m : 0;
        double Bookings(Dictionary<(string, string), (double S, double N)> sums, DemandBay b, string cell) => sums.TryGetValue((b.BayId, cell), out var v) ? v.S : 0;
        var group = bays.Where(b => Group(b) == Group(bay)).ToList();
        var tokens = bays.SelectMany(b => b.Pois).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // The additive fit, bay by bay: rows √(1 / flat) × (bookings, flat × [1, has_poi…]) plus √ridge on each POI's
        // bump, solved by QR — the view solves the group sums' normal equations by Cholesky instead.
        double BaseShape(string cell)
        {
            var rows = bays.Where(b => Flat(b, cell) > 0).ToList();
            var design = Matrix<double>.Build.Dense(rows.Count + tokens.Count, tokens.Count + 1);
            var target = Vector<double>.Build.Dense(rows.Count + tokens.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var flat = Flat(rows[i], cell);
                target[i] = Bookings(smooth, rows[i], cell) / Math.Sqrt(flat);
                design[i, 0] = Math.Sqrt(flat);
                for (var k = 0; k < tokens.Count; k++)
                {
                    design[i, k + 1] = rows[i].Pois.Contains(tokens[k]) ? Math.Sqrt(flat) : 0;
                }
            }

            for (var k = 0; k < tokens.Count; k++)
            {
                design[rows.Count + k, k + 1] = Math.Sqrt(DemandViews.ExpectedRidge);
            }

            var beta = design.QR().Solve(target);
            return Math.Max(0, beta[0] + tokens.Select((t, k) => bay.Pois.Contains(t) ? beta[k + 1] : 0).Sum());
        }

        // Friday cells shrink towards the group's Monday–Thursday shape, Saturday cells towards its Sunday-or-holiday one.
        double Shape(string cell) => cell[0] switch
        {
            'f' or 's' => (group.Sum(b => Bookings(smooth, b, cell)) + (DemandViews.ExpectedDayTypeShrinkage * BaseShape((cell[0] == 'f' ? "w" : "o") + cell[1..])))
                / (group.Sum(b => Flat(b, cell)) + DemandViews.ExpectedDayTypeShrinkage),
            _ => BaseShape(cell),
        };

        var ownBuckets = seen.Where(x => x.Bay == bay.BayId).ToList();
        var level = ownBuckets.Sum(x => x.Bookings) / ownBuckets.Sum(x => Shape(CellName(bay, x.Start)));
        var targetCell = CellName(bay, target);
        return new Brute(level * Shape(targetCell), group.Sum(b => Bookings(raw, b, targetCell)));
    }

    private static void Add(Dictionary<(string, string), (double S, double N)> sums, (string, string) key, double bookings)
    {
        var (s, n) = sums.GetValueOrDefault(key);
        sums[key] = (s + bookings, n + 1);
    }

    private static string CellName(DemandBay bay, DateTime utc)
    {
        var (dayType, quarter) = Cell(bay, utc);
        return $"{dayType}{quarter}";
    }

    private static (char DayType, int Quarter) Cell(DemandBay bay, DateTime utc)
    {
        var local = utc.AddMinutes(bay.UtcOffsetMinutes);
        var dayType = local.DayOfWeek == DayOfWeek.Saturday ? 's'
            : local.DayOfWeek == DayOfWeek.Sunday || EuropeanHolidays.IsHoliday(DateOnly.FromDateTime(local)) ? 'o'
            : local.DayOfWeek == DayOfWeek.Friday ? 'f' : 'w';
        return (dayType, (local.Hour * 4) + (local.Minute / 15));
    }

    private sealed record Bucket(string Bay, DateTime Start, DateTime EventTs, double Bookings);

    private sealed record Brute(double Rate, double PoolBookings);
}
