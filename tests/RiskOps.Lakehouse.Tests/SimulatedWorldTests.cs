using System.Globalization;
namespace RiskOps.Lakehouse.Tests;

/// <summary>
/// End to end on a small simulated world: every defect the simulator injected (its ground-truth list)
/// is quarantined, deduplicated or waiting in parked, never silently dropped or let through.
/// </summary>
public sealed class SimulatedWorldTests(SimulatedLakeFixture fixture) : IClassFixture<SimulatedLakeFixture>
{
    private static readonly string[] s_malformed = ["malformed_number", "missing_field", "impossible_coordinate", "unknown_foreign_key", "backwards_timestamp", "truncated_json"];

    [Theory]
    [InlineData("telematics", "event_id")]
    [InlineData("trips", "trip_id")]
    [InlineData("bookings", "booking_id")]
    [InlineData("claims", "claim_id")]
    public void InjectedDefects_AreQuarantinedOrDeduplicated_NeverSilentlyDropped(string source, string id)
    {
        var dir = fixture.Dir;
        var lake = fixture.Lake;
        var ct = TestContext.Current.CancellationToken;

        string Read(string root) => Directory.Exists(Path.Combine(root, source)) && Directory.EnumerateFiles(Path.Combine(root, source), "*.parquet", SearchOption.AllDirectories).Any()
            ? $"read_parquet('{Path.Combine(root, source, "**", "*.parquet")}', union_by_name = true)"
            : $"(SELECT NULL::VARCHAR AS {id}, NULL::VARCHAR AS _raw, NULL::VARCHAR AS reason WHERE false)";
        var parkedRoot = Path.Combine(dir.Layout.LakehouseDir, "parked");
        var rows = lake.QueryColumn($"""
            WITH d AS (SELECT record_id, defect_kind FROM read_csv('{Path.Combine(dir.Layout.GroundTruthDir, "injected_defects.csv")}', all_varchar = true) WHERE source = '{source}'),
            s AS (SELECT {id} AS id FROM {Read(dir.Layout.SilverDir)}),
            q AS (SELECT {id} AS id, _raw, reason FROM {Read(dir.Layout.QuarantineDir)}),
            p AS (SELECT {id} AS id FROM {Read(parkedRoot)})
            SELECT concat_ws('|', d.record_id, d.defect_kind,
                (SELECT count(*) FROM s WHERE s.id = d.record_id),
                (SELECT count(*) FROM q WHERE q.id = d.record_id OR contains(q._raw, d.record_id)),
                (SELECT count(*) FROM q WHERE (q.id = d.record_id OR contains(q._raw, d.record_id)) AND starts_with(q.reason, 'duplicate')),
                (SELECT count(*) FROM p WHERE p.id = d.record_id))
            FROM d
            """, ct).Select(r => r!.Split('|')).ToList();

        Assert.NotEmpty(rows);
        foreach (var r in rows)
        {
            var (record, kind) = (r[0], r[1]);
            var (silver, quarantined, duplicates, parked) = (int.Parse(r[2], CultureInfo.InvariantCulture), int.Parse(r[3], CultureInfo.InvariantCulture),
                int.Parse(r[4], CultureInfo.InvariantCulture), int.Parse(r[5], CultureInfo.InvariantCulture));
            var where = $"{source} {record} ({kind}): silver {silver}, quarantine {quarantined}, parked {parked}";
            Assert.True(silver + quarantined + parked > 0, "silently dropped: " + where);
            Assert.True(silver <= 1, "duplicated in silver: " + where);
            if (s_malformed.Contains(kind))
            {
                Assert.True(silver == 0 && quarantined + parked > 0, "malformed row let through: " + where);
            }
            else if (kind == "duplicate")
            {
                Assert.True(quarantined >= 1 && (duplicates >= 1 || silver == 0), "duplicate not caught: " + where);
            }
        }
    }

    [Fact]
    public void SimulatedWorld_EveryBronzeRowIsInSilverQuarantineOrParked()
    {
        var dir = fixture.Dir;
        var lake = fixture.Lake;
        var ct = TestContext.Current.CancellationToken;
        foreach (var source in lake.Batches().Select(b => b.Source).Distinct())
        {
            var reports = lake.QualityReports(source);
            Assert.Equal(lake.Batches(source).Sum(b => b.Rows), reports.Sum(r => r.RowsIn));
            Assert.Equal(reports.Sum(r => r.RowsIn), reports.Sum(r => r.RowsOut + r.Quarantined + r.Parked));
            long Count(string root)
            {
                var d = Path.Combine(root, source);
                return Directory.Exists(d) && Directory.EnumerateFiles(d, "*.parquet", SearchOption.AllDirectories).Any()
                    ? long.Parse(lake.QueryColumn($"SELECT count(*) FROM read_parquet('{Path.Combine(d, "**", "*.parquet")}', union_by_name = true)", ct)[0]!, CultureInfo.InvariantCulture)
                    : 0;
            }
            Assert.Equal(reports.Sum(r => r.RowsOut), Count(dir.Layout.SilverDir));
            Assert.Equal(reports.Sum(r => r.Quarantined), Count(dir.Layout.QuarantineDir));
            Assert.Equal(reports.Sum(r => r.Parked), Count(Path.Combine(dir.Layout.LakehouseDir, "parked")));
        }
    }
}
