namespace RiskOps.Lakehouse.Tests;

public sealed class BronzeTests
{
    // Bronze keeps each batch's raw file; the catalog holds its record count.
    private static (int Files, long Rows) BronzeContent(LakehousePipeline lake, string source) =>
        (Directory.EnumerateFiles(Path.Combine(lake.Layout.BronzeDir, source), "*", SearchOption.AllDirectories).Count(), lake.Batches(source).Sum(b => b.Rows));

    [Fact]
    public void Ingest_SameFilesTwice_AddsNothing()
    {
        using var dir = new TempDataDir();
        FixtureWorld.Write(dir.Layout.RawDir);
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();
        var first = lake.Ingest(cancellationToken: ct);
        var rows = BronzeContent(lake, "telematics");
        var second = lake.Ingest(cancellationToken: ct);

        Assert.All(first, o => Assert.False(o.Skipped));
        Assert.All(second, o => Assert.True(o.Skipped));
        Assert.Equal(first.Count, lake.Batches().Count);
        Assert.Equal(rows, BronzeContent(lake, "telematics"));
        Assert.Equal(first.Count(o => o.Source == "telematics"), rows.Files);

        // The same bytes under another name are the same batch.
        var original = Directory.EnumerateFiles(Path.Combine(dir.Layout.RawDir, "telematics"), "*.csv", SearchOption.AllDirectories).First();
        var copy = Path.Combine(dir.Layout.RawDir, "telematics", "2030-01-01", "telematics-9.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(original, copy);
        Assert.All(lake.Ingest([copy], cancellationToken: ct), o => Assert.True(o.Skipped));
        Assert.Equal(first.Count, lake.Batches().Count);
    }

    [Theory]
    [InlineData("bronze:part-written")]
    [InlineData("bronze:staged")]
    [InlineData("bronze:published")]
    public void Ingest_CrashMidBatch_LeavesNoHalfBatch(string point)
    {
        using var dir = new TempDataDir();
        FixtureWorld.Write(dir.Layout.RawDir);
        var ct = TestContext.Current.CancellationToken;
        var files = Directory.EnumerateFiles(Path.Combine(dir.Layout.RawDir, "telematics"), "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        using (var healthy = dir.Open())
        {
            healthy.Ingest([files[0]], cancellationToken: ct);
        }
        var crashes = 0;
        using (var crashing = LakehousePipeline.OpenWithFaults(dir.Layout, p =>
        {
            if (p == point)
            {
                crashes++;
                throw new IOException("injected crash at " + p);
            }
        }))
        {
            Assert.Throws<IOException>(() => crashing.Ingest([files[1]], cancellationToken: ct));
        }
        Assert.Equal(1, crashes);

        // Restart: only the first batch is visible, nothing of the crashed one is left on disk.
        using var lake = dir.Open();
        Assert.Single(lake.Batches());
        var batchDirs = Directory.EnumerateDirectories(Path.Combine(dir.Layout.BronzeDir, "telematics")).ToList();
        Assert.Single(batchDirs);
        Assert.False(Directory.Exists(Path.Combine(dir.Layout.BronzeDir, "_staging")));

        // The crashed file ingests cleanly afterwards, in full.
        var outcome = Assert.Single(lake.Ingest([files[1]], cancellationToken: ct));
        Assert.False(outcome.Skipped);
        var lines = File.ReadAllLines(files[1]).Length - 1;
        Assert.Equal(lines, outcome.Rows);
    }

    [Fact]
    public void Silver_CrashBeforeCommit_RunIsInvisibleAndRedone()
    {
        using var dir = new TempDataDir();
        FixtureWorld.Write(dir.Layout.RawDir);
        var ct = TestContext.Current.CancellationToken;
        using (var crashing = LakehousePipeline.OpenWithFaults(dir.Layout, p =>
        {
            if (p == "silver:published")
            {
                throw new IOException("injected crash");
            }
        }))
        {
            crashing.Ingest(cancellationToken: ct);
            Assert.Throws<IOException>(() => crashing.RunSilver(cancellationToken: ct));
        }
        using var lake = dir.Open();
        Assert.Empty(lake.QualityReports());
        Assert.False(Directory.Exists(Path.Combine(dir.Layout.SilverDir, "cities")) &&
                     Directory.EnumerateFiles(Path.Combine(dir.Layout.SilverDir, "cities")).Any());
        var reports = lake.RunSilver(cancellationToken: ct);
        Assert.Equal(lake.Batches().Count, reports.Count);
        Assert.Equal("2", lake.QueryColumn($"SELECT count(*) FROM read_parquet('{Path.Combine(dir.Layout.SilverDir, "cities", "*.parquet")}')", ct)[0]);
    }
}
