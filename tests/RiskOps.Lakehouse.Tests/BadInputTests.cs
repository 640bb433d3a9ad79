namespace RiskOps.Lakehouse.Tests;

public sealed class BadInputTests
{
    private static void AssertRejected(string relativePath, string content, string expectedFragment)
    {
        using var dir = new TempDataDir();
        FixtureWorld.Write(dir.Layout.RawDir);
        var path = Path.Combine(dir.Layout.RawDir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        using var lake = dir.Open();

        var error = Assert.Throws<LakehouseException>(() => lake.Ingest(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(relativePath, error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        // Every file is inspected before any is written: nothing of the run is in bronze.
        Assert.Empty(lake.Batches());
        Assert.False(Directory.Exists(dir.Layout.BronzeDir) && Directory.EnumerateFiles(dir.Layout.BronzeDir, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void Ingest_UnknownSource_Rejected() =>
        AssertRejected(Path.Combine("payments", "2026-01-01", "payments-1.csv"), "id,amount\n1,2\n", "unknown source 'payments'");

    [Fact]
    public void Ingest_MissingColumn_Rejected() =>
        AssertRejected(Path.Combine("trips", "2026-09-01", "trips-1.csv"), "trip_id,customer_id\nT1,C000001\n", "missing columns vehicle_id");

    [Fact]
    public void Ingest_JsonPretendingToBeCsv_Rejected() =>
        AssertRejected(Path.Combine("bookings", "2026-09-01", "bookings-1.csv"), "{\"booking_id\":\"K1\"}\n", "not a 'bookings' CSV");

    [Fact]
    public void Ingest_CsvPretendingToBeJsonLines_Rejected() =>
        AssertRejected(Path.Combine("claims", "2026-09-01", "claims-2.jsonl"), "claim_id,customer_id\nK1,C1\n", "not a JSON lines file");

    [Fact]
    public void Ingest_JsonLinesMissingAKeyEverywhere_Rejected() =>
        AssertRejected(Path.Combine("weather", "2026-09-01", "weather-2.jsonl"), "{\"city\":\"Berlin\",\"observed_at\":\"2026-01-01T00:00:00Z\",\"rain_mm\":0,\"temperature_c\":1}\n", "missing column visibility_m");

    [Fact]
    public void Ingest_WrongExtension_Rejected() =>
        AssertRejected(Path.Combine("telematics", "2026-09-01", "telematics-1.jsonl"), "{}\n", "delivered as .csv");

    [Fact]
    public void Ingest_BinaryFile_Rejected() =>
        AssertRejected(Path.Combine("traces", "2026-09-01", "traces-1.csv"), "PK\0\u0003\u0004garbage", "not a text file");

    [Fact]
    public void Ingest_JsonLinesWhoseFirstRecordIsTruncated_QuarantinesThatRecordAndKeepsTheRest()
    {
        using var dir = new TempDataDir();
        FixtureWorld.Write(dir.Layout.RawDir);
        var path = Path.Combine(dir.Layout.RawDir, "weather", "2026-09-01", "weather-2.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path,
            "{\"city\":\"Berlin\",\"observed_at\":\"2026-09-01T00:00:00+02:00\",\"rain_mm\":0.2,\"tempera\n" +
            "{\"city\":\"Berlin\",\"observed_at\":\"2026-09-01T01:00:00+02:00\",\"rain_mm\":0,\"temperature_c\":14,\"visibility_m\":9000}\n");
        using var lake = dir.Open();

        lake.Ingest(cancellationToken: TestContext.Current.CancellationToken);
        var reports = lake.RunSilver(cancellationToken: TestContext.Current.CancellationToken);

        var report = Assert.Single(reports, r => r.BatchId == lake.Batches("weather").Single(b => b.SourceFile.EndsWith("weather-2.jsonl", StringComparison.Ordinal)).BatchId);
        Assert.Equal(2, report.RowsIn);
        Assert.Equal(1, report.RowsOut);
        Assert.Equal(1, report.Quarantined);
    }

    [Fact]
    public void Ingest_JsonLinesWithTruncatedFirstRecord_IngestedAndRecordQuarantined()
    {
        using var dir = new TempDataDir();
        var path = Path.Combine(dir.Layout.RawDir, "weather", "2026-01-05", "weather-1.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path,
        [
            "{\"city\":\"Berlin\",\"observed_at\":\"2026-01-05T00:00:00+01:00\",\"rain",
            "{\"city\":\"Berlin\",\"observed_at\":\"2026-01-05T01:00:00+01:00\",\"rain_mm\":0.5,\"temperature_c\":3,\"visibility_m\":8000}",
        ]);
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();
        lake.Ingest(cancellationToken: ct);
        var report = Assert.Single(lake.RunSilver(cancellationToken: ct));
        Assert.Equal((2L, 1L, 1L), (report.RowsIn, report.RowsOut, report.Quarantined));
        Assert.Contains(lake.QuarantineReasons("weather"), r => r.Reason.StartsWith("unparseable line", StringComparison.Ordinal));
    }
}
