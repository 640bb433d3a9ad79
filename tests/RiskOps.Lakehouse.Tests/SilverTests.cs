namespace RiskOps.Lakehouse.Tests;

public sealed class SilverTests
{
    [Fact]
    public void Silver_EveryDefectQuarantinedWithReason_NothingLost()
    {
        using var dir = new TempDataDir();
        var world = FixtureWorld.Write(dir.Layout.RawDir);
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();
        lake.Ingest(cancellationToken: ct);
        var reports = lake.RunSilver(cancellationToken: ct);

        // Conservation: every bronze row is in silver or in quarantine, per batch.
        foreach (var batch in lake.Batches())
        {
            var report = Assert.Single(reports, r => r.BatchId == batch.BatchId);
            Assert.Equal(batch.Rows, report.RowsIn);
            Assert.Equal(report.RowsIn, report.RowsOut + report.Quarantined + report.Parked);
        }
        var reasons = lake.QuarantineReasons();
        foreach (var (source, reason) in world.Defects)
        {
            Assert.Contains(reasons, r => lake.Batches().First(b => b.BatchId == r.BatchId).Source == source && r.Reason.Contains(reason, StringComparison.Ordinal));
        }

        // The quarantine table holds each rejected row with its reason and origin.
        var quarantined = lake.QueryColumn($"""
            SELECT event_id || ':' || reason FROM read_parquet('{Path.Combine(dir.Layout.QuarantineDir, "telematics", "*.parquet")}') WHERE event_id IS NOT NULL
            """, ct);
        Assert.Contains(quarantined, q => q!.StartsWith("E-BAD-SPEED:unparseable speed_kmh", StringComparison.Ordinal));
        Assert.Contains(quarantined, q => q!.StartsWith("E-UNKNOWN-CUST:unknown customer_id", StringComparison.Ordinal));
        Assert.Contains(quarantined, q => q!.StartsWith("E-BAD-COORD:lat above 90", StringComparison.Ordinal));
        var shortLine = lake.QueryColumn($"SELECT _raw || ' => ' || reason FROM read_parquet('{Path.Combine(dir.Layout.QuarantineDir, "telematics", "*.parquet")}') WHERE _raw IS NOT NULL", ct);
        Assert.Contains(shortLine, q => q!.StartsWith("E-SHORT,", StringComparison.Ordinal) && q.Contains("MISSING COLUMNS", StringComparison.Ordinal));
        Assert.Equal(world.Readings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            lake.QueryColumn($"SELECT count(*) FROM read_parquet('{Path.Combine(dir.Layout.SilverDir, "telematics", "**", "*.parquet")}')", ct)[0]);
    }

    [Fact]
    public void Silver_DuplicateEventAcrossDeliveries_KeptOnceAndQuarantinedOnce()
    {
        using var dir = new TempDataDir();
        var world = FixtureWorld.Write(dir.Layout.RawDir);
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();

        // Two runs, so the duplicate meets the original already in silver (the incremental case).
        var files = Directory.EnumerateFiles(dir.Layout.RawDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var early = files.Where(f => !f.Contains("telematics", StringComparison.Ordinal) || string.CompareOrdinal(Path.GetFileName(Path.GetDirectoryName(f)), "2026-02-01") < 0).ToList();
        lake.Ingest(early, cancellationToken: ct);
        lake.RunSilver(cancellationToken: ct);
        lake.Ingest(cancellationToken: ct);
        lake.RunSilver(cancellationToken: ct);

        var silver = Path.Combine(dir.Layout.SilverDir, "telematics", "**", "*.parquet");
        Assert.Equal("0", lake.QueryColumn($"SELECT count(*) - count(DISTINCT event_id) FROM read_parquet('{silver}')", ct)[0]);
        Assert.Equal(world.DuplicateTelematicsRows, lake.QuarantineReasons("telematics").Where(r => r.Reason.StartsWith("duplicate event_id", StringComparison.Ordinal)).Sum(r => r.Rows));
        Assert.Contains(lake.QuarantineReasons("telematics"), r => r.Reason == "duplicate event_id: already in silver");
        Assert.Equal(world.DuplicateTelematicsRows, lake.QualityReports("telematics").Sum(r => r.Duplicates));
    }

    [Fact]
    public void Silver_TimestampsAreUtc()
    {
        using var dir = new TempDataDir();
        var world = FixtureWorld.Write(dir.Layout.RawDir);
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();
        lake.Ingest(cancellationToken: ct);
        lake.RunSilver(cancellationToken: ct);
        var trip = world.Trips[0];
        var started = lake.QueryColumn($"SELECT strftime(started_at, '%Y-%m-%dT%H:%M:%S') FROM read_parquet('{Path.Combine(dir.Layout.SilverDir, "trips", "*.parquet")}') WHERE trip_id = '{trip.Id}'", ct);
        Assert.Equal(trip.StartedUtc.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), Assert.Single(started));
    }

    [Fact]
    public void Etl_SecondRun_ProcessesNothingNew()
    {
        using var dir = new TempDataDir();
        FixtureWorld.Write(dir.Layout.RawDir);
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();
        var first = lake.RunEtl(cancellationToken: ct);
        var second = lake.RunEtl(cancellationToken: ct);

        Assert.NotEmpty(first.GoldRows);
        Assert.All(second.Batches, b => Assert.True(b.Skipped));
        Assert.Empty(second.Reports);
        Assert.Empty(second.GoldRows);
    }

    [Fact]
    public void Silver_ReadingBeforeItsLateTrip_IsParkedThenAccepted()
    {
        using var dir = new TempDataDir();
        var world = FixtureWorld.Write(dir.Layout.RawDir);
        var ct = TestContext.Current.CancellationToken;
        using var lake = dir.Open();
        var tripFiles = Directory.EnumerateFiles(Path.Combine(dir.Layout.RawDir, "trips"), "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var lastTrips = tripFiles[^1];
        var late = File.ReadAllLines(lastTrips).Length - 1;

        // Everything except the last trips delivery: that delivery's readings have no trip yet and must wait.
        lake.Ingest([.. Directory.EnumerateFiles(dir.Layout.RawDir, "*", SearchOption.AllDirectories).Where(f => f != lastTrips)], cancellationToken: ct);
        var first = lake.RunSilver(cancellationToken: ct);
        var parked = first.Where(r => r.Source == "telematics").Sum(r => r.Parked);
        Assert.True(parked > 0 && late > 0);
        Assert.DoesNotContain(lake.QuarantineReasons("telematics"), r => r.Reason == "unknown trip_id" && r.Rows > 1);

        lake.Ingest([lastTrips], cancellationToken: ct);
        lake.RunSilver(cancellationToken: ct);

        var reports = lake.QualityReports("telematics");
        Assert.Equal(0, reports.Sum(r => r.Parked));
        Assert.All(reports, r => Assert.Equal(r.RowsIn, r.RowsOut + r.Quarantined));
        Assert.Equal(world.Readings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            lake.QueryColumn($"SELECT count(*) FROM read_parquet('{Path.Combine(dir.Layout.SilverDir, "telematics", "**", "*.parquet")}')", ct)[0]);
    }
}
