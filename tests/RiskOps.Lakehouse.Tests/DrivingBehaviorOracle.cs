namespace RiskOps.Lakehouse.Tests;

/// <summary>
/// customer_driving_behavior recomputed by brute force in plain C# from the fixture's valid rows,
/// following docs/data-contract.md literally: for each row time E, scan every trip of the customer.
/// </summary>
internal static class DrivingBehaviorOracle
{
    public sealed record Row(string Customer, DateTime EventTs, int Window, Dictionary<string, double?> Values);

    private const double G = 9.80665;

    public static DateTime DayEnd(DateTime utc) => utc == utc.Date ? utc : utc.Date.AddDays(1);

    private static bool Night(DateTime utc, int offset)
    {
        var hour = utc.AddMinutes(offset).Hour;
        return hour >= 22 || hour < 5;
    }

    public static List<Row> Compute(FixtureWorld world)
    {
        var horizon = world.Trips.Select(t => DayEnd(t.EndedUtc)).Concat(world.Claims.Select(c => DayEnd(c.ReportedUtc))).Max();
        var readingsByTrip = world.Readings.GroupBy(r => r.Trip).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Utc).ThenBy(r => r.Id, StringComparer.Ordinal).ToList());
        var rows = new List<Row>();
        foreach (var customer in world.Customers)
        {
            var trips = world.Trips.Where(t => t.Customer == customer).ToList();
            var points = trips.SelectMany(t => new[] { 0, 7, 30, 90 }.Select(k => DayEnd(t.EndedUtc).AddDays(k))).Where(e => e <= horizon).Distinct().Order();
            foreach (var e in points)
            {
                foreach (var w in new[] { 7, 30, 90 })
                {
                    var inWindow = trips.Where(t => t.EndedUtc > e.AddDays(-w) && t.EndedUtc <= e).ToList();
                    var readings = inWindow.SelectMany(t => readingsByTrip.GetValueOrDefault(t.Id) ?? []).ToList();
                    var km = inWindow.Sum(t => t.Km);
                    double? Per100(double n) => km > 0 ? 100 * n / km : null;
                    double? Share(string road)
                    {
                        var samples = readings.Where(r => r.EventType == "sample" && r.RoadType == road).ToList();
                        return samples.Count == 0 ? null : (double)samples.Count(r => r.Speed > r.Limit) / samples.Count;
                    }
                    var speedingRes = readings.Where(r => r.EventType == "sample" && r.RoadType == "residential" && r.Speed > r.Limit).ToList();
                    var nightKm = inWindow.Sum(t =>
                    {
                        var samples = (readingsByTrip.GetValueOrDefault(t.Id) ?? []).Where(r => r.EventType == "sample").ToList();
                        return samples.Count > 0
                            ? t.Km * samples.Count(r => Night(r.Utc, t.Offset)) / samples.Count
                            : Night(t.StartedUtc, t.Offset) ? t.Km : 0;
                    });
                    var jerks = new List<double>();
                    foreach (var t in inWindow)
                    {
                        var list = readingsByTrip.GetValueOrDefault(t.Id) ?? [];
                        for (var i = 1; i < list.Count; i++)
                        {
                            var dt = (list[i].Utc - list[i - 1].Utc).TotalSeconds;
                            if (dt > 0)
                            {
                                jerks.Add(Math.Abs((list[i].AccelLong - list[i - 1].AccelLong) * G) / dt);
                            }
                        }
                    }
                    var corners = readings.Where(r => r.EventType == "harsh_corner").ToList();
                    var rainBrake = readings.Where(r => r.EventType == "harsh_brake").Sum(r =>
                    {
                        var hour = new DateTime(r.Utc.Year, r.Utc.Month, r.Utc.Day, r.Utc.Hour, 0, 0, DateTimeKind.Utc);
                        var rain = world.Rain.TryGetValue((r.City, hour), out var mm) && mm > 0 ? 1 : 0;
                        var congestion = world.Congestion.GetValueOrDefault((r.City, r.RoadType, hour));
                        return 1.0 / (1 + rain + congestion);
                    });
                    rows.Add(new Row(customer, e, w, new Dictionary<string, double?>
                    {
                        ["km"] = km,
                        ["trips"] = inWindow.Count,
                        ["harsh_brake_per_100km"] = Per100(readings.Count(r => r.EventType == "harsh_brake")),
                        ["harsh_accel_per_100km"] = Per100(readings.Count(r => r.EventType == "harsh_accel")),
                        ["harsh_corner_per_100km"] = Per100(corners.Count),
                        ["speeding_share_residential"] = Share("residential"),
                        ["speeding_share_arterial"] = Share("arterial"),
                        ["speeding_share_highway"] = Share("highway"),
                        ["mean_excess_speed_residential"] = speedingRes.Count == 0 ? null : speedingRes.Average(r => r.Speed - r.Limit),
                        ["night_share"] = km > 0 ? nightKm / km : null,
                        ["mean_abs_jerk"] = jerks.Count == 0 ? null : jerks.Average(),
                        ["cornering_stress"] = corners.Count == 0 ? null : corners.Average(r => Math.Abs(r.AccelLat * G) * r.Speed / 3.6),
                        ["rain_adjusted_brake_per_100km"] = Per100(rainBrake),
                        ["phone_use_per_100km"] = Per100(readings.Count(r => r.EventType == "phone_use")),
                    }));
                }
            }
        }
        return rows;
    }
}
