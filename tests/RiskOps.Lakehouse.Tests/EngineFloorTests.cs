using RiskOps.Lakehouse.Benchmarks;

namespace RiskOps.Lakehouse.Tests;

/// <summary>The benchmark's engine floor copies what parses, skips what does not, and reads only known sources.</summary>
public sealed class EngineFloorTests
{
    [Fact]
    public void Measure_CountsParsedRowsPerKnownSource_SkipsMalformedLinesAndUnknownFolders()
    {
        using var dir = new TempDataDir();
        var cities = Directory.CreateDirectory(Path.Combine(dir.Layout.RawDir, "cities", "2026-01-05")).FullName;
        File.WriteAllText(Path.Combine(cities, "cities-001.csv"),
            "city,lat,lon,utc_offset_minutes\nAmsterdam,52.37,4.90,60\nAthens,37.98,23.73,120\nBroken,not-a-number,1,0\n");
        var unknown = Directory.CreateDirectory(Path.Combine(dir.Layout.RawDir, "not_a_source")).FullName;
        File.WriteAllText(Path.Combine(unknown, "x.csv"), "a\n1\n");

        var steps = EngineFloor.Measure(dir.Layout.RawDir, new LakehouseOptions { Threads = 2, MemoryLimit = "1GB" }, TestContext.Current.CancellationToken);

        var step = Assert.Single(steps);
        Assert.Equal("cities", step.Source);
        Assert.Equal(1, step.Files);
        Assert.Equal(2, step.Rows);
    }
}
