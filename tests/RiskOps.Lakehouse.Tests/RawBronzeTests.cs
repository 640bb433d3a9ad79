namespace RiskOps.Lakehouse.Tests;

/// <summary>
/// Bronze keeps the delivered file and counts its records while hashing; silver parses it once. The count must
/// equal what the parse sees (every record ends in silver, quarantine or parked), including blank lines, a
/// quoted field with a newline, CRLF line ends, a broken line and a file without a final newline.
/// </summary>
public sealed class RawBronzeTests
{
    private const string Header = "city,road_type,hour_start,congestion";

    [Theory]
    [InlineData("Berlin,arterial,2026-01-05T08:00:00+01:00,0.5\n\nBerlin,highway,2026-01-05T08:00:00+01:00,0.2\n\n", 2)]
    [InlineData("Berlin,arterial,2026-01-05T08:00:00+01:00,0.5\r\nBerlin,highway,2026-01-05T08:00:00+01:00,0.2", 2)]
    [InlineData("\"Ber\nlin\",arterial,2026-01-05T08:00:00+01:00,0.5\nBerlin,highway,2026-01-05T08:00:00+01:00,0.2\n", 2)]
    [InlineData("Berlin,arterial,2026-01-05T08:00:00+01:00\nBerlin,highway,2026-01-05T08:00:00+01:00,0.2,9\nBerlin,residential,2026-01-05T08:00:00+01:00,x\n", 3)]
    [InlineData("Berlin,arterial,2026-01-05T08:00:00+01:00,0.5\n   \nBerlin,highway,2026-01-05T08:00:00+01:00,0.2\n", 3)]
    public void Bronze_RecordCount_EqualsWhatSilverParses(string body, long expected)
    {
        using var dir = new TempDataDir();
        var path = Path.Combine(dir.Layout.RawDir, "traffic", "2026-01-05", "traffic-1.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Header + (body.Contains('\r', StringComparison.Ordinal) ? "\r\n" : "\n") + body);
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();

        var outcome = Assert.Single(lake.Ingest(cancellationToken: ct));
        var report = Assert.Single(lake.RunSilver(cancellationToken: ct));

        Assert.Equal(expected, outcome.Rows);
        Assert.Equal(expected, report.RowsIn);
        Assert.Equal(report.RowsIn, report.RowsOut + report.Quarantined + report.Parked);
    }

    [Fact]
    public void Bronze_JsonLinesRecordCount_SkipsBlankLines()
    {
        using var dir = new TempDataDir();
        var path = Path.Combine(dir.Layout.RawDir, "weather", "2026-01-05", "weather-1.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path,
            "{\"city\":\"Berlin\",\"observed_at\":\"2026-01-05T00:00:00+01:00\",\"rain_mm\":0,\"temperature_c\":3,\"visibility_m\":8000}\r\n  \n\n" +
            "not json\n{\"city\":\"Berlin\",\"observed_at\":\"2026-01-05T01:00:00+01:00\",\"rain_mm\":0,\"temperature_c\":3,\"visibility_m\":8000}");
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();

        var outcome = Assert.Single(lake.Ingest(cancellationToken: ct));
        var report = Assert.Single(lake.RunSilver(cancellationToken: ct));

        Assert.Equal(3, outcome.Rows);
        Assert.Equal((3L, 2L, 1L), (report.RowsIn, report.RowsOut, report.Quarantined));
    }

    [Fact]
    public void Bronze_LandingFileChangedAfterIngest_BronzeKeepsTheDeliveredBytes()
    {
        using var dir = new TempDataDir();
        var path = Path.Combine(dir.Layout.RawDir, "traffic", "2026-01-05", "traffic-1.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Header + "\nBerlin,arterial,2026-01-05T08:00:00+01:00,0.5\n");
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();
        lake.Ingest(cancellationToken: ct);

        File.WriteAllText(path, Header + "\nBerlin,arterial,2026-01-05T08:00:00+01:00,0.9\nBerlin,highway,2026-01-05T08:00:00+01:00,0.1\n");
        File.Delete(path);
        var report = Assert.Single(lake.RunSilver(cancellationToken: ct));

        Assert.Equal((1L, 1L), (report.RowsIn, report.RowsOut));
        Assert.Equal(["0.5"], lake.QueryColumn($"SELECT congestion FROM read_parquet('{Path.Combine(dir.Layout.SilverDir, "traffic", "**", "*.parquet")}')", ct));
    }
}
