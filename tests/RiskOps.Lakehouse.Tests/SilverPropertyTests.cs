using System.Globalization;
using FsCheck.Xunit;

namespace RiskOps.Lakehouse.Tests;

public sealed class SilverPropertyTests
{
    private static readonly string[] s_kinds = ["valid", "bad_speed", "short", "bad_lat"];

    /// <summary>
    /// For any mix of valid, malformed and repeated readings: every row lands in silver or quarantine,
    /// silver has exactly one row per id that had at least one valid row, and nothing else.
    /// </summary>
    [Property(MaxTest = 6)]
    public bool Silver_AnyMixOfRows_ConservesRowsAndKeepsOneValidRowPerId(int[] codes)
    {
        var rows = codes.Select(c => (Id: $"E{Math.Abs(c % 12)}", Kind: s_kinds[Math.Abs(c / 12 % 4)])).ToList();
        using var dir = new TempDataDir();
        var raw = dir.Layout.RawDir;
        Directory.CreateDirectory(Path.Combine(raw, "trips", "2026-03-02"));
        Directory.CreateDirectory(Path.Combine(raw, "telematics", "2026-03-02"));
        File.WriteAllText(Path.Combine(raw, "customers.csv"), "customer_id,birth_date,licence_date,home_city,signup_date,rental_frequency_per_week,gender,region\nC1,1990-01-01,2010-01-01,Berlin,2025-01-01,2,M,north\n");
        File.WriteAllText(Path.Combine(raw, "vehicles.csv"), "vehicle_id,vehicle_type,premium,home_city,model_year\nV1,car,true,Berlin,2020\n");
        File.WriteAllText(Path.Combine(raw, "bays.csv"), "parking_bay_id,city,lat,lon,capacity,poi\nB1,Berlin,52.5,13.4,5,\n");
        File.WriteAllText(Path.Combine(raw, "trips", "2026-03-02", "trips-1.csv"),
            "trip_id,customer_id,vehicle_id,start_bay_id,end_bay_id,started_at,ended_at,distance_km,share_residential,share_arterial,share_highway\n" +
            "T1,C1,V1,B1,B1,2026-03-01T10:00:00+01:00,2026-03-01T11:00:00+01:00,20,1,0,0\n");
        var lines = rows.Select((r, i) =>
        {
            var speed = r.Kind == "bad_speed" ? "n/a" : "42";
            var lat = r.Kind == "bad_lat" ? "-91" : "52.5";
            var line = $"{r.Id},T1,C1,V1,2026-03-01T10:{i % 60:D2}:00+01:00,{lat},13.4,residential,{speed},30,0.1,0.0,sample,0";
            return r.Kind == "short" ? string.Join(',', line.Split(',').Take(6)) : line;
        });
        File.WriteAllLines(Path.Combine(raw, "telematics", "2026-03-02", "telematics-1.csv"),
            ["event_id,trip_id,customer_id,vehicle_id,recorded_at,lat,lon,road_type,speed_kmh,speed_limit_kmh,accel_long_g,accel_lat_g,event_type,phone_in_use", .. lines]);

        using var lake = LakehousePipeline.Open(dir.Layout, new LakehouseOptions { Threads = 1, MemoryLimit = "512MB" });
        lake.Ingest(cancellationToken: TestContext.Current.CancellationToken);
        var report = lake.RunSilver(cancellationToken: TestContext.Current.CancellationToken).Single(r => r.Source == "telematics");
        var silverIds = Directory.EnumerateFiles(Path.Combine(dir.Layout.SilverDir, "telematics"), "*.parquet", SearchOption.AllDirectories).Any()
            ? lake.QueryColumn($"SELECT event_id FROM read_parquet('{Path.Combine(dir.Layout.SilverDir, "telematics", "**", "*.parquet")}')", TestContext.Current.CancellationToken)
            : [];
        var expected = rows.Where(r => r.Kind == "valid").Select(r => r.Id).Distinct().Order(StringComparer.Ordinal).ToList();
        return report.RowsIn == rows.Count
            && report.RowsIn == report.RowsOut + report.Quarantined
            && silverIds.Order(StringComparer.Ordinal).SequenceEqual(expected)
            && report.Duplicates == rows.Count(r => r.Kind == "valid") - expected.Count
            && report.Quarantined == rows.Count - expected.Count
            && long.Parse(lake.QueryColumn($"SELECT count(*) FROM read_parquet('{Path.Combine(dir.Layout.QuarantineDir, "telematics", "*.parquet")}') WHERE reason IS NOT NULL")[0]!, CultureInfo.InvariantCulture) == report.Quarantined;
    }
}
