using System.Globalization;
using System.Text;
using RiskOps.Core.Lakehouse;
using RiskOps.Features.Definitions;
using RiskOps.Features.Offline;
using RiskOps.Features.Online;

namespace RiskOps.Features.Tests.BuiltIns;

/// <summary>
/// The CRAI service's long-run driving features (<c>customer_driving_history</c>, 270 days pooled from three 90-day gold windows)
/// and declared exposure (<c>customer_risk_profile</c>) against a brute-force recomputation from the per-day driving they were
/// built from.
/// </summary>
public sealed class CraiDrivingHistoryTests
{
    private const int Days = 420;
    private static readonly DateTimeOffset Start = TestWorld.Epoch;

    [Fact]
    public async Task CraiService_MatchesPooledRecomputationFromDailyDriving()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        var random = new Random(7);
        // Per customer and day: km, trips, driver-caused events (corner, accel, rain-adjusted brake), residential excess, jerk.
        var customers = new[] { ("C1", 0.35, 3.0), ("C2", 0.08, 0.5), ("C3", 0.6, 0.05) };
        var daily = customers.ToDictionary(c => c.Item1, c => Enumerable.Range(0, Days).Select(d =>
        {
            // C2 stops driving for 200 days in the middle: windows empty out and refill.
            var drives = random.NextDouble() < c.Item2 && !(c.Item1 == "C2" && d is > 150 and < 350);
            return drives
                ? new Day(5 + (random.NextDouble() * 40), 1 + random.Next(3), random.Next(4), random.Next(5), random.NextDouble() * 3, random.NextDouble() * 6, 0.02 + (random.NextDouble() * 0.1))
                : null;
        }).ToArray());

        await world.WriteGoldAsync(GoldTables.CustomerDrivingBehavior, GoldDriving(daily), ct);
        var profiles = string.Join(", ", customers.Select(c => $"('{c.Item1}', {TestWorld.Num(c.Item3)})"));
        await world.WriteGoldAsync(GoldTables.CustomerProfile, $"""
            SELECT customer_id, {TestWorld.Ts(Start)} - INTERVAL 10 DAY AS event_ts, {TestWorld.Ts(Start)} - INTERVAL 10 DAY AS created_ts,
                   30.0 AS age_years, 8.0 AS years_licensed, 'city' AS home_city, 'north' AS region, 'F' AS gender,
                   CAST(rental_frequency_per_week AS DOUBLE) AS rental_frequency_per_week, CAST(100 AS BIGINT) AS tenure_days
            FROM (VALUES {profiles}) AS t(customer_id, rental_frequency_per_week)
            """, ct);
        await world.Store.ApplyBuiltInsAsync(ct);

        // Observations at odd hours over the whole span, including before any window is full.
        var instants = Enumerable.Range(0, 40).Select(k => Start + TimeSpan.FromDays(5 + (k * 10)) + TimeSpan.FromHours(1 + (k % 23))).ToList();
        var entities = Path.Combine(world.Root, "entities.parquet");
        var values = string.Join(", ", customers.SelectMany(c => instants.Select(t => $"('{c.Item1}', {TestWorld.Ts(t)})")));
        await TestWorld.ExecuteAsync($"COPY (SELECT * FROM (VALUES {values}) AS v(customer_id, \"timestamp\") ORDER BY 2, 1) TO '{entities}' (FORMAT parquet)", ct);

        var result = await world.Store.GetHistoricalFeaturesAsync(HistoricalFeaturesRequest.ForEntityRows("crai", entities, Path.Combine(world.Root, "crai.parquet")), ct);

        var rows = await TestWorld.ReadParquetAsync(result.Path, ct);
        Assert.Equal(customers.Length * instants.Count, rows.Count);
        var checkedPooled = 0;
        foreach (var row in rows)
        {
            var id = (string)row["customer_id"]!;
            var t = new DateTimeOffset(DateTime.SpecifyKind((DateTime)row["timestamp"]!, DateTimeKind.Utc));
            var frequency = customers.Single(c => c.Item1 == id).Item3;
            Assert.Equal(Math.Log(Math.Max(frequency, 0.1)), (double)row["log_rental_frequency"]!, 12);

            // The latest gold row at or before t (within the 95-day TTL); the pooled window is the 270 days up to it.
            var latest = RowDays(daily[id]).Where(d => DayEnd(d) <= t).DefaultIfEmpty(-1).Max();
            if (latest < 0 || t - DayEnd(latest) > TimeSpan.FromDays(95))
            {
                Assert.Null(row["log_abs_jerk_270d"]);
                continue;
            }
            var window = Enumerable.Range(Math.Max(0, latest - 269), Math.Min(270, latest + 1)).Select(d => daily[id][d]).OfType<Day>().ToList();
            var km90 = Enumerable.Range(Math.Max(0, latest - 89), Math.Min(90, latest + 1)).Select(d => daily[id][d]).OfType<Day>().Sum(d => d.Km);
            Assert.Equal(Math.Log(1 + km90), (double)row["log_km_90d"]!, 9);
            var km = window.Sum(d => d.Km);
            if (km == 0)
            {
                Assert.Null(row["log_harsh_events_per_100km_270d"]);
                continue;
            }
            var events = window.Sum(d => d.Corners + d.Accels + d.Brakes);
            Assert.Equal(Math.Log(1 + (100 * events / km)), (double)row["log_harsh_events_per_100km_270d"]!, 9);
            Assert.Equal(Math.Log(0.1 + (window.Sum(d => d.Excess * d.Km) / km)), (double)row["log_residential_excess_270d"]!, 9);
            Assert.Equal(Math.Log(0.001 + (window.Sum(d => d.Jerk * d.Km) / km)), (double)row["log_abs_jerk_270d"]!, 9);
            if (latest >= 180)
            {
                checkedPooled++;
            }
        }
        // The comparison must have covered windows reaching three 90-day blocks back, not only the first one.
        Assert.True(checkedPooled > 30, $"only {checkedPooled} observations had 270 days of history");
    }

    [Fact]
    public async Task DrivingHistory_WindowWithTripsButNoKm_MaterializesWithTheRatesMissing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld();
        // Trips recorded with no distance (a telematics unit that logged starts and stops only): ln(0) must not fail the view.
        var days = Enumerable.Range(0, Days).Select(d => d % 9 == 0 ? new Day(0, 2, 0, 0, 0, 0, 0.05) : null).ToArray();
        await world.WriteGoldAsync(GoldTables.CustomerDrivingBehavior, GoldDriving(new Dictionary<string, Day?[]> { ["C9"] = days }), ct);
        await world.WriteGoldAsync(GoldTables.CustomerProfile, $"""
            SELECT 'C9' AS customer_id, {TestWorld.Ts(Start)} AS event_ts, {TestWorld.Ts(Start)} AS created_ts, 30.0 AS age_years,
                   8.0 AS years_licensed, 'city' AS home_city, 'north' AS region, 'F' AS gender, 1.0 AS rental_frequency_per_week,
                   CAST(100 AS BIGINT) AS tenure_days
            """, ct);
        await world.Store.ApplyBuiltInsAsync(ct);
        world.Time.SetUtcNow(Start + TimeSpan.FromDays(Days + 2));

        var report = await world.Store.MaterializeAsync(Start, Start + TimeSpan.FromDays(Days + 1), [BuiltInFeatures.CustomerDrivingHistory.Name], ct);

        Assert.True(report.Views.Single().RowsWritten > 0);
        var latest = await world.Store.ReadOfflineLatestAsync("crai", ["C9"], ct);
        var harsh = latest.Features.ToList().FindIndex(f => f.Name == "log_harsh_events_per_100km_270d");
        Assert.Equal(FeatureStatus.Present, latest.Status[harsh]);
        Assert.True(double.IsNaN(latest.Numeric[harsh]), "a rate over zero km is missing, not a number");
    }

    private sealed record Day(double Km, int Trips, int Corners, int Accels, double Brakes, double Excess, double Jerk);

    private static DateTimeOffset DayEnd(int day) => Start + TimeSpan.FromDays(day + 1);

    /// <summary>Days gold writes a row for: a window changes when a trip enters it and when it leaves (7, 30, 90 days later).</summary>
    private static IEnumerable<int> RowDays(Day?[] days) =>
        Enumerable.Range(0, Days).Where(d => days[d] is not null).SelectMany(d => new[] { d, d + 7, d + 30, d + 90 }).Where(d => d < Days).Distinct();

    /// <summary>
    /// Gold rows as the lakehouse writes them: 90-day sums turned into rates (per 100 km) and km-weighted means (residential
    /// excess per reading as share 1 × mean excess, jerk), null where the window has no km; 7/30-day columns repeat the 90-day ones.
    /// </summary>
    private static string GoldDriving(Dictionary<string, Day?[]> daily)
    {
        var rows = new List<string>();
        foreach (var (id, days) in daily)
        {
            foreach (var d in RowDays(days).Order())
            {
                var w = Enumerable.Range(Math.Max(0, d - 89), Math.Min(90, d + 1)).Select(x => days[x]).OfType<Day>().ToList();
                var km = w.Sum(x => x.Km);
                double? Per100(Func<Day, double> f) => km > 0 ? 100 * w.Sum(f) / km : null;
                double? Weighted(Func<Day, double> f) => km > 0 ? w.Sum(x => f(x) * x.Km) / km : null;
                var metrics = new Dictionary<string, double?>(StringComparer.Ordinal)
                {
                    ["km"] = km, ["trips"] = w.Sum(x => x.Trips), ["harsh_brake_per_100km"] = Per100(x => x.Brakes * 2),
                    ["harsh_accel_per_100km"] = Per100(x => x.Accels), ["harsh_corner_per_100km"] = Per100(x => x.Corners),
                    ["speeding_share_residential"] = km > 0 ? 1.0 : null, ["speeding_share_arterial"] = 0.1, ["speeding_share_highway"] = 0.2,
                    ["mean_excess_speed_residential"] = Weighted(x => x.Excess), ["night_share"] = 0.1, ["mean_abs_jerk"] = Weighted(x => x.Jerk),
                    ["cornering_stress"] = 1.0, ["rain_adjusted_brake_per_100km"] = Per100(x => x.Brakes), ["phone_use_per_100km"] = 0.5,
                };
                var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"SELECT '{id}' AS customer_id, {TestWorld.Ts(DayEnd(d))} AS event_ts, {TestWorld.Ts(DayEnd(d))} + INTERVAL 1 HOUR AS created_ts");
                foreach (var window in BuiltInFeatures.DrivingWindows)
                {
                    foreach (var metric in BuiltInFeatures.DrivingMetrics)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $", CAST({TestWorld.Num(metrics[metric])} AS DOUBLE) AS {metric}_{window}");
                    }
                }
                rows.Add(sb.ToString());
            }
        }
        return string.Join("\nUNION ALL ", rows);
    }
}
