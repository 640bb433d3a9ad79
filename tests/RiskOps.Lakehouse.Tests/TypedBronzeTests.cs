namespace RiskOps.Lakehouse.Tests;

/// <summary>
/// Silver casts numbers and dates once, while parsing the bronze file; a value that does not cast must still reach the
/// quarantine as a row with a reason naming its column and its raw line, never become a NULL in silver.
/// </summary>
public sealed class TypedBronzeTests
{
    private const string TripHeader = "trip_id,customer_id,vehicle_id,start_bay_id,end_bay_id,started_at,ended_at,distance_km,share_residential,share_arterial,share_highway";

    private static void WriteReference(string raw)
    {
        File.WriteAllText(Path.Combine(raw, "customers.csv"), "customer_id,birth_date,licence_date,home_city,signup_date,rental_frequency_per_week,gender,region\nC1,1990-01-01,2010-01-01,Berlin,2025-01-01,2,M,north\n");
        File.WriteAllText(Path.Combine(raw, "vehicles.csv"), "vehicle_id,vehicle_type,premium,home_city,model_year\nV1,car,true,Berlin,2020\n");
        File.WriteAllText(Path.Combine(raw, "bays.csv"), "parking_bay_id,city,lat,lon,capacity,poi\nB1,Berlin,52.5,13.4,5,\n");
    }

    [Fact]
    public void Silver_ValueThatFailsTypedCast_QuarantinedWithColumnAndRawLine()
    {
        using var dir = new TempDataDir();
        var raw = dir.Layout.RawDir;
        Directory.CreateDirectory(Path.Combine(raw, "trips", "2026-03-02"));
        WriteReference(raw);
        // Columns in another order than the contract, so the raw line is split by the file's own header.
        File.WriteAllLines(Path.Combine(raw, "trips", "2026-03-02", "trips-1.csv"),
        [
            "distance_km,trip_id,customer_id,vehicle_id,start_bay_id,end_bay_id,started_at,ended_at,share_residential,share_arterial,share_highway",
            "20,T1,C1,V1,B1,B1,2026-03-01T10:00:00+01:00,2026-03-01T11:00:00+01:00,1,0,0",
            "twelve,T2,C1,V1,B1,B1,2026-03-01T12:00:00+01:00,2026-03-01T13:00:00+01:00,1,0,0",
            "7,T3,C1,V1,B1,B1,2026-03-01T12:00:00,2026-03-01T13:00:00+01:00,1,0,0",
            "7,T4,C1,V1,B1,B1,2026-03-01T12:00:00-05:00,2026-03-01T18:00:00Z,0.5,0.5,0",
            "5,T5,C1,V1,B1,B1,2026-03-01T12:00:00+01:00,2026-03-01T13:00:00+01:00,1,0,n/a",
        ]);
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();
        lake.Ingest(cancellationToken: ct);
        var report = Assert.Single(lake.RunSilver(cancellationToken: ct), r => r.Source == "trips");

        Assert.Equal((5L, 2L, 3L), (report.RowsIn, report.RowsOut, report.Quarantined));
        var quarantine = Path.Combine(dir.Layout.QuarantineDir, "trips", "*.parquet");
        var rows = lake.QueryColumn($"SELECT trip_id || '|' || reason || '|' || coalesce(distance_km, '') || '|' || coalesce(_raw, '') FROM read_parquet('{quarantine}') ORDER BY trip_id", ct)
            .Select(r => r!.Split('|')).ToList();
        Assert.Equal(["T2", "unparseable distance_km", "twelve", "twelve,T2,C1,V1,B1,B1,2026-03-01T12:00:00+01:00,2026-03-01T13:00:00+01:00,1,0,0"], rows[0]);
        // A timestamp without an offset parses, but is not a valid raw timestamp: its text is kept.
        Assert.Equal("T3", rows[1][0]);
        Assert.Equal("unparseable started_at", rows[1][1]);
        Assert.Equal("7.0", rows[1][2]);
        Assert.Equal(["T5", "unparseable share_highway", "5"], rows[2][..3]);
        Assert.Equal("5,T5,C1,V1,B1,B1,2026-03-01T12:00:00+01:00,2026-03-01T13:00:00+01:00,1,0,n/a", rows[2][3]);

        // The valid rows are typed and in UTC; a negative offset and Z both count as offsets.
        var silver = Path.Combine(dir.Layout.SilverDir, "trips", "*.parquet");
        Assert.Equal(["T1|20.0|2026-03-01 09:00:00", "T4|7.0|2026-03-01 17:00:00"],
            lake.QueryColumn($"SELECT trip_id || '|' || distance_km || '|' || strftime(started_at, '%Y-%m-%d %H:%M:%S') FROM read_parquet('{silver}') ORDER BY trip_id", ct));
        Assert.Equal(["DOUBLE"], lake.QueryColumn($"SELECT column_type FROM (DESCRIBE SELECT distance_km FROM read_parquet('{silver}'))", ct));
        // Bronze holds the delivered bytes, unchanged.
        var batch = Assert.Single(lake.Batches("trips"));
        var bronzeFile = Assert.Single(Directory.EnumerateFiles(Path.Combine(dir.Layout.BronzeDir, "trips"), "*", SearchOption.AllDirectories));
        Assert.Equal(File.ReadAllBytes(Path.Combine(raw, "trips", "2026-03-02", "trips-1.csv")), File.ReadAllBytes(bronzeFile));
        Assert.Equal(5, batch.Rows);
    }

    [Fact]
    public void Silver_JsonValueThatFailsTypedCast_QuarantinedWithColumn()
    {
        using var dir = new TempDataDir();
        var path = Path.Combine(dir.Layout.RawDir, "weather", "2026-01-05", "weather-1.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path,
        [
            "{\"city\":\"Berlin\",\"observed_at\":\"2026-01-05T00:00:00+01:00\",\"rain_mm\":\"#VALUE!\",\"temperature_c\":3,\"visibility_m\":8000}",
            "{\"city\":\"Berlin\",\"observed_at\":\"2026-01-05T01:00:00+01:00\",\"rain_mm\":0.5,\"temperature_c\":3,\"visibility_m\":8000}",
            "{\"city\":\"Berlin\",\"observed_at\":\"2026-01-05T02:00:00+01:00\",\"rain_mm\":0.5,\"temperature_c\":3}",
        ]);
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();
        lake.Ingest(cancellationToken: ct);
        var report = Assert.Single(lake.RunSilver(cancellationToken: ct));

        Assert.Equal((3L, 1L, 2L), (report.RowsIn, report.RowsOut, report.Quarantined));
        var reasons = lake.QueryColumn($"SELECT strftime(observed_at::TIMESTAMP, '%H') || ' ' || reason || ' ' || coalesce(rain_mm, 'null') FROM read_parquet('{Path.Combine(dir.Layout.QuarantineDir, "weather", "*.parquet")}') ORDER BY 1", ct);
        Assert.Equal(["23 unparseable rain_mm #VALUE!", "01 missing visibility_m 0.5"], reasons.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(1.0 / 3, report.Validity, 9);
        // A value that failed its cast counts as absent, like the missing key: 13 of 15 required cells.
        Assert.Equal(13 / 15.0, report.Completeness, 9);
    }
}
