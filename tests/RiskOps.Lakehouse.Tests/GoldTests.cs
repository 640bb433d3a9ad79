using System.Globalization;
using RiskOps.Core.Lakehouse;

namespace RiskOps.Lakehouse.Tests;

public sealed class GoldTests
{
    private static readonly string[] s_metrics =
    [
        "km", "trips", "harsh_brake_per_100km", "harsh_accel_per_100km", "harsh_corner_per_100km", "speeding_share_residential",
        "speeding_share_arterial", "speeding_share_highway", "mean_excess_speed_residential", "night_share", "mean_abs_jerk",
        "cornering_stress", "rain_adjusted_brake_per_100km", "phone_use_per_100km",
    ];

    [Fact]
    public void DrivingBehavior_EqualsBruteForceRecomputation()
    {
        using var dir = new TempDataDir();
        var world = FixtureWorld.Write(dir.Layout.RawDir);
        using var lake = dir.Open();
        lake.RunEtl(cancellationToken: TestContext.Current.CancellationToken);

        var expected = DrivingBehaviorOracle.Compute(world);
        var columns = string.Join(", ", new[] { 7, 30, 90 }.SelectMany(w => s_metrics.Select(m => $"{m}_{w}d")));
        var glob = dir.Layout.GoldTableGlob(GoldTables.CustomerDrivingBehavior);
        var actual = lake.QueryColumn($"""
            SELECT customer_id || '|' || strftime(event_ts, '%Y-%m-%d %H:%M:%S') || '|' || to_json(struct_pack({columns}))
            FROM read_parquet('{glob}', hive_partitioning = true)
            """, TestContext.Current.CancellationToken)
            .Select(s => s!.Split('|'))
            .ToDictionary(p => (p[0], DateTime.Parse(p[1], CultureInfo.InvariantCulture)), p => System.Text.Json.JsonDocument.Parse(p[2]).RootElement);

        var expectedKeys = expected.Select(r => (r.Customer, r.EventTs)).Distinct().ToList();
        Assert.Equal(expectedKeys.Count, actual.Count);
        Assert.True(expectedKeys.Count > 100, $"too small a world: {expectedKeys.Count} rows");
        foreach (var row in expected)
        {
            Assert.True(actual.TryGetValue((row.Customer, row.EventTs), out var json), $"missing row {row.Customer} {row.EventTs:O}");
            foreach (var (metric, value) in row.Values)
            {
                var cell = json.GetProperty($"{metric}_{row.Window}d");
                var context = $"{row.Customer} {row.EventTs:O} {metric}_{row.Window}d";
                if (value is null)
                {
                    Assert.True(cell.ValueKind == System.Text.Json.JsonValueKind.Null, $"{context}: expected null, got {cell}");
                }
                else
                {
                    Assert.True(cell.ValueKind == System.Text.Json.JsonValueKind.Number, $"{context}: expected {value}, got {cell}");
                    Assert.True(Math.Abs(cell.GetDouble() - value.Value) <= 1e-9 * Math.Max(1, Math.Abs(value.Value)), $"{context}: expected {value}, got {cell.GetDouble()}");
                }
            }
        }
    }

    [Fact]
    public void GoldTables_HaveExactlyTheContractColumns()
    {
        using var dir = new TempDataDir();
        FixtureWorld.Write(dir.Layout.RawDir);
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();
        lake.RunEtl(cancellationToken: ct);
        string[] stamps = [GoldTables.EventTimestamp, GoldTables.CreatedTimestamp];
        var expected = new Dictionary<string, string[]>
        {
            [GoldTables.CustomerDrivingBehavior] = ["customer_id", .. new[] { 7, 30, 90 }.SelectMany(w => s_metrics.Select(m => $"{m}_{w}d")), .. stamps, "month"],
            [GoldTables.CustomerProfile] = ["customer_id", "age_years", "years_licensed", "home_city", "region", "gender", "rental_frequency_per_week", "tenure_days", .. stamps],
            [GoldTables.CustomerIncidentHistory] = ["customer_id", "claims_count_365d", "claims_amount_365d", "days_since_last_claim", "claims_count_all", .. stamps],
            [GoldTables.ClaimsEnriched] = ["claim_id", "customer_id", "claim_type", "amount_eur", "policy_tenure_months", "prior_claims", "report_delay_hours",
                "description_length", "description_flag_words", "incident_hour_local", "incident_at_night", "outcome", "paid_eur", "outcome_ts", .. stamps],
            [GoldTables.ParkingBayDemandHistory] = ["parking_bay_id", "bucket_start", "bookings", .. stamps],
            [GoldTables.WeatherFeatures] = ["city", "hour_start", "rain_mm", "temperature_c", "visibility_m", "is_raining", .. stamps],
            [GoldTables.PublicEventsCalendar] = ["parking_bay_id", "event_id", "kind", "starts_at", "ends_at", "attendance", "distance_km", .. stamps],
            [GoldTables.Cities] = ["city", "lat", "lon", "utc_offset_minutes", .. stamps],
        };
        foreach (var (table, columns) in expected)
        {
            var actual = lake.QueryColumn($"SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('{dir.Layout.GoldTableGlob(table)}', hive_partitioning = true))", ct);
            Assert.Equal(columns, actual);
            var types = lake.QueryColumn($"SELECT DISTINCT column_type FROM (DESCRIBE SELECT {GoldTables.EventTimestamp}, {GoldTables.CreatedTimestamp} FROM read_parquet('{dir.Layout.GoldTableGlob(table)}', hive_partitioning = true))", ct);
            Assert.Equal(["TIMESTAMP"], types);
        }
    }
}
