using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using RiskOps.Core.Calendar;
using RiskOps.Core.Lakehouse;
using RiskOps.Features.Definitions;
using RiskOps.Features.Offline;
using RiskOps.Features.Synthetic;

namespace RiskOps.Features.Tests.BuiltIns;

/// <summary>The multi-horizon demand service: point-in-time at every horizon, hand-computed values, keys shared with serving.</summary>
public sealed class DemandServiceTests
{
    private const int Days = 12;

    [Fact]
    public void DemandService_AtAnyHorizon_SeesNothingAfterTheForecastTime()
    {
        var ct = TestContext.Current.CancellationToken;
        // Forecast times on bucket boundaries between day 8 and day 11; every horizon of 24 h is read at once.
        var forecasts = Gen.Choose(8 * 96, (11 * 96) - 1).Select(q => SyntheticGold.Start + TimeSpan.FromMinutes(15 * q));
        var bays = Gen.Choose(0, 2);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(4), Prop.ForAll(forecasts.ToArbitrary(), bays.ToArbitrary(),
            (t, b) => CheckNoFutureAsync(t, b, ct)));
    }

    /// <summary>
    /// The same request against all of gold and against gold cut at the forecast time (rows with event_ts &gt; t
    /// removed, bookings after t and events announced after t included): the features must be identical.
    /// </summary>
    private static async Task CheckNoFutureAsync(DateTimeOffset forecast, int bay, CancellationToken ct)
    {
        using var full = new TestWorld();
        using var cut = new TestWorld();
        await SyntheticGold.WriteAsync(full.Layout, customers: 10, days: Days, bays: 3, ct);
        foreach (var table in new[] { GoldTables.ParkingBayDemandHistory, GoldTables.PublicEventsCalendar, GoldTables.WeatherFeatures, GoldTables.Bays, GoldTables.Cities })
        {
            await cut.WriteGoldAsync(table,
                $"SELECT * FROM read_parquet('{full.Layout.GoldTableGlob(table)}') WHERE event_ts <= {TestWorld.Ts(forecast)}", ct);
        }

        var bayId = $"B{bay:D5}";
        var rows = new List<Dictionary<string, object?>>[2];
        var worlds = new[] { full, cut };
        for (var w = 0; w < 2; w++)
        {
            await RegisterDemandAsync(worlds[w], ct);
            var entities = await WriteEntitiesAsync(worlds[w], bayId, forecast, ct);
            var result = await worlds[w].Store.GetHistoricalFeaturesAsync(
                HistoricalFeaturesRequest.ForEntityRows("demand", entities, Path.Combine(worlds[w].Root, "out.parquet")), ct);
            rows[w] = await TestWorld.ReadParquetAsync(result.Path, ct);
        }

        Assert.Equal(DemandTargets.HorizonBuckets, rows[0].Count);
        var names = BuiltInFeatures.Demand.Selections.SelectMany(s => s.Features ?? [.. full.Store.Registry.GetView(s.View).Schema.Select(f => f.Name)]).ToList();
        for (var i = 0; i < rows[0].Count; i++)
        {
            foreach (var name in names)
            {
                Assert.True(Same(rows[0][i][name], rows[1][i][name]), $"{bayId} at {forecast:O} horizon {i}: {name} full {rows[0][i][name]}, cut {rows[1][i][name]}");
            }
        }

        // The test would pass vacuously on all-null rows: the history features must be there.
        Assert.All(rows[0], r => Assert.NotNull(r["bay_mean_28d"]));
        Assert.All(rows[0], r => Assert.NotNull(r["qod_mean_28d"]));
        Assert.All(rows[0], r => Assert.NotNull(r["expected_rate"]));
    }

    [Fact]
    public async Task DemandService_MatchesHandComputedHistory()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        // One bay, 10 days of buckets: bookings = (quarter of the day) % 5 on even days, 0 on odd days.
        var start = SyntheticGold.Start;
        await world.WriteGoldAsync(GoldTables.ParkingBayDemandHistory, $"""
            SELECT 'B1' AS parking_bay_id, {TestWorld.Ts(start)} + to_minutes(CAST(q * 15 AS BIGINT)) AS bucket_start,
                   CAST(CASE WHEN (q // 96) % 2 = 0 THEN (q % 96) % 5 ELSE 0 END AS DOUBLE) AS bookings,
                   {TestWorld.Ts(start)} + to_minutes(CAST(q * 15 + 15 AS BIGINT)) AS event_ts, {TestWorld.Ts(start)} + to_minutes(CAST(q * 15 + 15 AS BIGINT)) AS created_ts
            FROM range(10 * 96) AS r(q)
            """, ct);
        await world.WriteGoldAsync(GoldTables.PublicEventsCalendar, $"""
            SELECT 'E1' AS event_id, 'B1' AS parking_bay_id, 'concert' AS kind, {TestWorld.Ts(start.AddDays(9).AddHours(20))} AS starts_at,
                   {TestWorld.Ts(start.AddDays(9).AddHours(22))} AS ends_at, 20000.0 AS attendance, 1.0 AS distance_km,
                   {TestWorld.Ts(start.AddDays(8).AddHours(12))} AS event_ts, {TestWorld.Ts(start.AddDays(8).AddHours(12))} AS created_ts
            UNION ALL
            SELECT 'E2', 'B1', 'sports', {TestWorld.Ts(start.AddDays(9).AddHours(19))}, {TestWorld.Ts(start.AddDays(9).AddHours(21))}, 9000.0, 2.0,
                   {TestWorld.Ts(start.AddDays(9).AddHours(1))}, {TestWorld.Ts(start.AddDays(9).AddHours(1))}
            """, ct);
        await WriteBayAsync(world, "B1", "mall", "Lisbon", 0, ct);
        foreach (var view in DemandViews.Views)
        {
            await world.Store.Registry.RegisterViewAsync(view, ct);
        }

        world.Store.Registry.RegisterService(new FeatureService("d", [.. DemandViews.Views.Select(v => new FeatureServiceSelection(v.Name))], "test", "tests"));

        // Forecast at day 9 00:00 (an odd day, nothing observed of it yet) for target day 9 21:00 (quarter 84, horizon 84).
        var forecast = start.AddDays(9).UtcDateTime;
        var target = forecast.AddHours(21);
        var entities = Path.Combine(world.Root, "entities.parquet");
        await TestWorld.ExecuteAsync($"""
            COPY (SELECT 'B1' AS parking_bay_id, {TestWorld.Str(DemandTargets.SlotKey("B1", target))} AS bay_slot,
                         {TestWorld.Str(DemandTargets.QuarterKey("B1", target))} AS bay_qod, {TestWorld.Str(DemandTargets.BucketKey("B1", target))} AS bay_bucket,
                         {TestWorld.Str(DemandTargets.ProfileKey("B1", target))} AS bay_profile,
                         {TestWorld.Str(DemandTargets.WeekdayProfileKey("B1", target))} AS bay_dow_profile,
                         {TestWorld.Str(DemandTargets.ExpectedKey(new DemandBay("B1", 0, 10, DemandBay.ParsePois("mall")), target))} AS bay_expected,
                         {TestWorld.Ts(forecast)} AS "timestamp") TO '{entities}' (FORMAT parquet)
            """, ct);

        var result = await world.Store.GetHistoricalFeaturesAsync(HistoricalFeaturesRequest.ForEntityRows("d", entities, Path.Combine(world.Root, "out.parquet")), ct);

        var row = (await TestWorld.ReadParquetAsync(result.Path, ct)).Single();
        // Quarter 84: 84 % 5 = 4 bookings on days 0, 2, 4, 6, 8; 0 on odd days. Day 8 is the latest observed.
        Assert.Equal(4.0, row["qod_bookings_last"]);
        Assert.Equal(4.0 * 4 / 7, (double)row["qod_mean_7d"]!, 9);     // days 2..8: four even days
        Assert.Equal(4.0 * 5 / 9, (double)row["qod_mean_28d"]!, 9);    // days 0..8: five even days
        // The same bucket of the week: day 2 only (7 days before the target), an even day.
        Assert.Equal(4.0, row["slot_bookings_last"]);
        Assert.Equal(4.0, row["slot_mean_4w"]);
        // bay_mean_28d: every bucket of days 0..8; an even day sums q % 5 over q = 0..95, i.e. 19 cycles of 10 plus 95 % 5 = 0.
        Assert.Equal(5 * 190.0 / (9 * 96), (double)row["bay_mean_28d"]!, 9);
        // Only E1 was announced by the forecast time (E2 is announced at 01:00): 21:00 is in its [17:00, 24:00] window.
        Assert.Equal(1.0, row["target_events"]);
        Assert.Equal(20000.0, row["target_event_attendance"]);
        Assert.Equal(10000.0, (double)row["target_event_attendance_weighted"]!, 9);
        Assert.Equal(-1.0, row["target_event_hours_to_start"]);
        Assert.Equal(-1.0, row["target_event_hours_after_end"]);
        Assert.Equal(0.0, row["target_transit_disruption"]);
        // The smoothed workday profile (day 9 is Tuesday 10 March): quarters 84 ± 2 on the workdays before it.
        Assert.Equal(ProfileMean(), (double)row["profile_mean_91d"]!, 9);
        Assert.Equal(Math.Log(ProfileMean()), (double)row["profile_log_91d"]!, 9);
        // The weekday profile: Tuesdays before day 9 — day 2 only (even: q % 5), quarters 82–86 → (2 + 3 + 4 + 0 + 1) / 5.
        Assert.Equal(2.0, (double)row["dow_profile_mean_91d"]!, 9);
    }

    [Fact]
    public async Task BayEventsAhead_CrowdTiming_MatchesHandComputed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        var day9 = SyntheticGold.Start.AddDays(9);
        // A concert 20:00–22:00 (20,000 people, 1 km: 10 thousand weighted) and a transit disruption 18:30–19:30 at the bay (5,000, 0 km).
        await world.WriteGoldAsync(GoldTables.PublicEventsCalendar, $"""
            SELECT 'E1' AS event_id, 'B1' AS parking_bay_id, 'concert' AS kind, {TestWorld.Ts(day9.AddHours(20))} AS starts_at,
                   {TestWorld.Ts(day9.AddHours(22))} AS ends_at, 20000.0 AS attendance, 1.0 AS distance_km,
                   {TestWorld.Ts(day9.AddDays(-1))} AS event_ts, {TestWorld.Ts(day9.AddDays(-1))} AS created_ts
            UNION ALL
            SELECT 'E2', 'B1', 'transit_disruption', {TestWorld.Ts(day9.AddHours(18.5))}, {TestWorld.Ts(day9.AddHours(19.5))}, 5000.0, 0.0,
                   {TestWorld.Ts(day9)}, {TestWorld.Ts(day9)}
            """, ct);
        await world.Store.Registry.RegisterViewAsync(DemandViews.BayEventsAhead, ct);
        world.Store.Registry.RegisterService(new FeatureService("e", [new FeatureServiceSelection(DemandViews.BayEventsAhead.Name)], "test", "tests"));
        var forecast = day9.AddHours(6).UtcDateTime;
        double[] hours = [19, 20, 21, 22.25, 27];
        var entities = Path.Combine(world.Root, "entities.parquet");
        await TestWorld.ExecuteAsync($"""
            COPY (SELECT * FROM (VALUES {string.Join(", ", hours.Select(h => $"({TestWorld.Str(DemandTargets.BucketKey("B1", day9.UtcDateTime.AddHours(h)))}, {TestWorld.Ts(forecast)})"))})
                  AS v(bay_bucket, "timestamp")) TO '{entities}' (FORMAT parquet)
            """, ct);

        var result = await world.Store.GetHistoricalFeaturesAsync(HistoricalFeaturesRequest.ForEntityRows("e", entities, Path.Combine(world.Root, "out.parquet")), ct);
        var rows = (await TestWorld.ReadParquetAsync(result.Path, ct)).ToDictionary(r => (string)r["bay_bucket"]!, StringComparer.Ordinal);
        Dictionary<string, object?> At(double h) => rows[DemandTargets.BucketKey("B1", day9.UtcDateTime.AddHours(h))];

        // 19:00: an hour before the concert (arrival peak, timing 1: 10) and inside the disruption (timing 1: 5).
        Assert.Equal(1.0, (double)At(19)["target_event_timing"]!, 9);
        Assert.Equal(15.0, (double)At(19)["target_event_pressure"]!, 9);
        Assert.Equal(Math.Log(16), (double)At(19)["target_event_log_pressure"]!, 9);
        Assert.Equal(1.0, At(19)["target_transit_disruption"]);
        // 20:00: the concert starts (arrival triangle 1 − 1/1.5); the disruption is over, still in its window.
        Assert.Equal(10.0 / 3, (double)At(20)["target_event_pressure"]!, 9);
        Assert.Equal(2.0, At(20)["target_events"]);
        // 21:00: mid-concert, no crowd moves.
        Assert.Equal(0.0, (double)At(21)["target_event_pressure"]!, 9);
        Assert.Equal(0.0, (double)At(21)["target_event_timing"]!, 9);
        // 22:15: departures peak 15 minutes after the end.
        Assert.Equal(10.0, (double)At(22.25)["target_event_pressure"]!, 9);
        // 03:00 next day: no event near; the row is absent and reads as "no event" in training and serving.
        Assert.Null(At(27)["target_event_pressure"]);
        Assert.Equal(0.0, DemandTargets.AbsentValue("target_event_pressure"));
        Assert.Equal(0.0, DemandTargets.AbsentValue("target_events"));
        Assert.True(double.IsNaN(DemandTargets.AbsentValue("bay_mean_28d")));
        Assert.All(DemandViews.BayEventsAhead.Schema, f => Assert.True(DemandTargets.AbsentEventValues.ContainsKey(f.Name), f.Name));
    }

    // Brute force over the hand test's history: workdays before day 9 (1 Mar 2026 is a Sunday), quarters 82–86.
    private static double ProfileMean()
    {
        double sum = 0;
        var n = 0;
        for (var day = 0; day < 9; day++)
        {
            var date = SyntheticGold.Start.AddDays(day);
            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || EuropeanHolidays.IsHoliday(DateOnly.FromDateTime(date.UtcDateTime)))
            {
                continue;
            }

            for (var q = 82; q <= 86; q++)
            {
                sum += day % 2 == 0 ? q % 5 : 0;
                n++;
            }
        }

        return sum / n;
    }

    [Fact]
    public void RequestValues_CalendarIsInTheBaysLocalTime()
    {
        var bay = new DemandBay("B1", 120, 10, DemandBay.ParsePois("Station; mall"));
        // 2026-04-05 23:30 UTC is Monday 2026-04-06 01:30 in UTC+2: Easter Monday, a holiday.
        var target = new DateTime(2026, 4, 5, 23, 30, 0, DateTimeKind.Utc);

        var values = DemandTargets.RequestValues(bay, target.AddHours(-2), target);

        var byName = DemandTargets.RequestFeatures.Zip(values).ToDictionary(x => x.First, x => x.Second);
        Assert.Equal(8, byName["horizon_buckets"]);
        Assert.Equal(1.5, byName["target_hour_local"]);
        Assert.Equal(1, byName["target_dow_local"]);
        Assert.Equal(0, byName["target_is_weekend"]);
        Assert.Equal(1, byName["target_is_holiday"]);
        Assert.Equal(1, byName["poi_station"]);
        Assert.Equal(1, byName["poi_mall"]);
        Assert.Equal(0, byName["poi_office"]);
        // Keys are in UTC (a bay's offset is fixed, so UTC slots map one-to-one onto local ones): Sunday (7) × 96 + quarter 94.
        Assert.Equal("B1|s766", DemandTargets.SlotKey("B1", target));
        Assert.Equal("B1|q94", DemandTargets.QuarterKey("B1", target));
        Assert.Equal("B1|2026-04-05T23:30", DemandTargets.BucketKey("B1", target));
    }

    [Fact]
    public void SurgeClass_UsesTheRatioToTheTypicalLevel()
    {
        // Exact binary fractions at the edges: 0.4 / 0.5 = 0.8 and 0.625 / 0.5 = 1.25 are both medium.
        Assert.Equal(0, DemandTargets.SurgeClass(0.39, 0.5));
        Assert.Equal(1, DemandTargets.SurgeClass(0.4, 0.5));
        Assert.Equal(1, DemandTargets.SurgeClass(0.625, 0.5));
        Assert.Equal(2, DemandTargets.SurgeClass(0.63, 0.5));
        // The floor: an idle bay (typical 0) compares with 0.05, so 0.05 is medium, not infinitely high.
        Assert.Equal(1, DemandTargets.SurgeClass(0.05, 0));
        Assert.Equal(0, DemandTargets.SurgeClass(double.NaN, 0.1));
    }

    /// <summary>Gold <c>bays</c> and <c>cities</c> rows for one bay (dimension rows dated before the history).</summary>
    private static Task WriteBayAsync(TestWorld world, string bayId, string poi, string city, int offsetMinutes, CancellationToken ct) =>
        WriteBaysAsync(world, [(bayId, poi, city, offsetMinutes)], ct);

    private static async Task WriteBaysAsync(TestWorld world, IReadOnlyList<(string Bay, string Poi, string City, int Offset)> bays, CancellationToken ct)
    {
        var dated = $"{TestWorld.Ts(SyntheticGold.Start.AddDays(-30))} AS event_ts, {TestWorld.Ts(SyntheticGold.Start.AddDays(-30))} AS created_ts";
        await world.WriteGoldAsync(GoldTables.Bays, string.Join(" UNION ALL ", bays.Select(b =>
            $"SELECT {TestWorld.Str(b.Bay)} AS parking_bay_id, {TestWorld.Str(b.City)} AS city, 0.0 AS lat, 0.0 AS lon, CAST(10 AS BIGINT) AS capacity, {TestWorld.Str(b.Poi)} AS poi, {dated}")), ct);
        await world.WriteGoldAsync(GoldTables.Cities, string.Join(" UNION ALL ", bays.Select(b => (b.City, b.Offset)).Distinct().Select(c =>
            string.Create(CultureInfo.InvariantCulture, $"SELECT {TestWorld.Str(c.City)} AS city, 0.0 AS lat, 0.0 AS lon, CAST({c.Offset} AS BIGINT) AS utc_offset_minutes, {dated}"))), ct);
    }

    // Window sums over more rows may round differently in the last bits; a leak changes values by far more.
    private static bool Same(object? a, object? b) =>
        a is double x && b is double y ? Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x)) : Equals(a, b);

    private static async Task RegisterDemandAsync(TestWorld world, CancellationToken ct)
    {
        foreach (var view in DemandViews.Views.Append(BuiltInFeatures.BayWeather))
        {
            await world.Store.Registry.RegisterViewAsync(view, ct);
        }

        world.Store.Registry.RegisterService(BuiltInFeatures.Demand);
    }

    private static async Task<string> WriteEntitiesAsync(TestWorld world, string bayId, DateTimeOffset forecast, CancellationToken ct)
    {
        var path = Path.Combine(world.Root, "entities.csv");
        var keys = world.Store.Registry.GetService("demand").JoinKeys;
        var bay = new DemandBay(bayId, 0, 10, DemandBay.ParsePois("station;mall")); // SyntheticGold: every city on UTC
        var lines = new List<string> { string.Join(',', keys) + ",timestamp,horizon" };
        for (var h = 0; h < DemandTargets.HorizonBuckets; h++)
        {
            var target = forecast.UtcDateTime + (DemandTargets.Bucket * h);
            lines.Add(string.Join(',', keys.Select(k => DemandTargets.Key(k, bay, target)))
                + string.Create(CultureInfo.InvariantCulture, $",{forecast.UtcDateTime:yyyy-MM-dd HH:mm:ss},{h}"));
        }

        await File.WriteAllLinesAsync(path, lines, ct);
        return path;
    }
}
