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
}
