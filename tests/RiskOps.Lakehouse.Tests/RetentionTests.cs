using System.Text.Json;
using RiskOps.Core.Lakehouse;

namespace RiskOps.Lakehouse.Tests;

public sealed class RetentionTests
{
    private static List<string> Months(string root) =>
        [.. Directory.EnumerateDirectories(root, "month=*").Select(d => Path.GetFileName(d)["month=".Length..]).Order(StringComparer.Ordinal)];

    [Fact]
    public void Retention_DropsExactlyTheExpiredPartitions()
    {
        using var dir = new TempDataDir();
        FixtureWorld.Write(dir.Layout.RawDir);
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();
        lake.RunEtl(cancellationToken: ct);
        var silverRoot = Path.Combine(dir.Layout.SilverDir, "telematics");
        var goldRoot = dir.Layout.GoldTableDir(GoldTables.CustomerDrivingBehavior);
        var silverBefore = Months(silverRoot);
        var goldBefore = Months(goldRoot);
        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04"], silverBefore);

        // Keep 2 months as of April 2026: February and earlier expire.
        var dropped = lake.ApplyRetention(2, new DateTimeOffset(2026, 4, 10, 0, 0, 0, TimeSpan.Zero), ct);

        Assert.Equal(["2026-03", "2026-04"], Months(silverRoot));
        Assert.Equal(goldBefore.Where(m => string.CompareOrdinal(m, "2026-03") >= 0), Months(goldRoot));
        var expected = silverBefore.Concat(goldBefore).Count(m => string.CompareOrdinal(m, "2026-03") < 0);
        Assert.Equal(expected, dropped.Count);

        // A later rebuild of gold does not bring the dropped months back.
        lake.RunGold(force: true, cancellationToken: ct);
        Assert.All(Months(goldRoot), m => Assert.True(string.CompareOrdinal(m, "2026-03") >= 0, m));
    }

    [Fact]
    public void Retention_KeepFrom_CountsTheCurrentMonth()
    {
        var asOf = new DateTimeOffset(2026, 1, 31, 23, 0, 0, TimeSpan.Zero);
        Assert.Equal("2026-01", Retention.RetentionManager.KeepFrom(1, asOf));
        Assert.Equal("2025-11", Retention.RetentionManager.KeepFrom(3, asOf));
    }

    [Fact]
    public void CurrentMonthQuery_ReadsOnlyCurrentMonthFiles()
    {
        using var dir = new TempDataDir();
        FixtureWorld.Write(dir.Layout.RawDir);
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();
        lake.RunEtl(cancellationToken: ct);
        var glob = Path.Combine(dir.Layout.SilverDir, "telematics", "**", "*.parquet");
        var all = Directory.EnumerateFiles(Path.Combine(dir.Layout.SilverDir, "telematics"), "*.parquet", SearchOption.AllDirectories).ToList();
        var april = all.Where(f => f.Contains("month=2026-04", StringComparison.Ordinal)).ToList();
        Assert.True(all.Count > april.Count && april.Count > 0);

        lake.QueryColumn("SET enable_profiling = 'json'", ct);
        var plan = lake.QueryColumn($"EXPLAIN ANALYZE SELECT count(*) FROM read_parquet('{glob}', hive_partitioning = true) WHERE month = '2026-04'", ct, column: 1);
        lake.QueryColumn("RESET enable_profiling", ct);
        var json = plan.Count == 1 ? plan[0]! : string.Join("", plan);
        var scan = FindScan(JsonDocument.Parse(json[json.IndexOf('{', StringComparison.Ordinal)..]).RootElement);

        Assert.Equal(april.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), scan.GetProperty("Total Files Read").GetString());
        var read = scan.GetProperty("Filename(s)").GetString()!;
        Assert.All(all.Except(april), f => Assert.DoesNotContain(f, read, StringComparison.Ordinal));
    }

    private static JsonElement FindScan(JsonElement node)
    {
        if (node.TryGetProperty("extra_info", out var info) && info.ValueKind == JsonValueKind.Object && info.TryGetProperty("Total Files Read", out _))
        {
            return info;
        }
        foreach (var child in node.GetProperty("children").EnumerateArray())
        {
            if (FindScan(child) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }
        }
        return default;
    }
}
