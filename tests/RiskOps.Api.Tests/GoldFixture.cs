using DuckDB.NET.Data;
using RiskOps.Core.Storage;

namespace RiskOps.Api.Tests;

/// <summary>Writes small gold-shaped Parquet tables (per docs/data-contract.md) with DuckDB, with hand-checkable demand.</summary>
internal static class GoldFixture
{
    /// <summary>The first forecast bucket: a Monday 08:00 UTC.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    public static async Task WriteAsync(DataLayout layout, CancellationToken cancellationToken)
    {
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);

        async Task CopyAsync(string table, string select)
        {
            var dir = layout.GoldTableDir(table);
            Directory.CreateDirectory(dir);
            await using var command = connection.CreateCommand();
            command.CommandText = $"COPY ({select}) TO '{Path.Combine(dir, "part-0.parquet")}' (FORMAT parquet)";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        const string stamps = "TIMESTAMP '2026-05-01 00:00:00' AS event_ts, TIMESTAMP '2026-05-01 00:00:00' AS created_ts";
        await CopyAsync("bays", $"""
            SELECT * FROM (VALUES ('B0001', 'Berlin', 52.5200, 13.4000, 10), ('B0002', 'Berlin', 52.5300, 13.4100, 8), ('B0003', 'Berlin', 52.6000, 13.4000, 6))
              t(parking_bay_id, city, lat, lon, capacity), (SELECT {stamps})
            """);
        await CopyAsync("cities", $"SELECT 'Berlin' AS city, 52.52 AS lat, 13.40 AS lon, 60 AS utc_offset_minutes, {stamps}");
        await CopyAsync("vehicles", $"""
            SELECT * FROM (VALUES ('V00001', 'car', true, 'Berlin', 2022), ('V00002', 'van', false, 'Berlin', 2020))
              t(vehicle_id, vehicle_type, premium, home_city, model_year), (SELECT {stamps})
            """);
        // 8 weeks of history: B0001 has 3 bookings in every 08:xx bucket and 1 otherwise; B0002 always 1; B0003 always 2.
        // A stale correction (older created_ts) of B0003 with 50 bookings must be ignored.
        await CopyAsync("parking_bay_demand_history", """
            WITH buckets AS (SELECT range AS bucket_start FROM range(TIMESTAMP '2026-04-06 08:00:00', TIMESTAMP '2026-06-01 08:00:00', INTERVAL 15 MINUTE))
            SELECT b.parking_bay_id, bucket_start,
                   CASE WHEN b.parking_bay_id = 'B0001' AND hour(bucket_start) = 8 THEN 3 WHEN b.parking_bay_id = 'B0003' THEN 2 ELSE 1 END AS bookings,
                   bucket_start + INTERVAL 15 MINUTE AS event_ts, TIMESTAMP '2026-06-01 00:00:00' AS created_ts
            FROM buckets, (VALUES ('B0001'), ('B0002'), ('B0003')) b(parking_bay_id)
            UNION ALL
            SELECT 'B0003', bucket_start, 50, bucket_start + INTERVAL 15 MINUTE, TIMESTAMP '2026-05-01 00:00:00' FROM buckets
            """);
        // A concert 2 km from B0002, 11:00–13:00 UTC, 20,000 attending, announced a week earlier; and one not yet announced.
        await CopyAsync("public_events_calendar", """
            SELECT * FROM (VALUES
              ('B0002', 'E1', 'concert', TIMESTAMP '2026-06-01 11:00:00', TIMESTAMP '2026-06-01 13:00:00', 20000.0, 2.0, TIMESTAMP '2026-05-25 00:00:00', TIMESTAMP '2026-05-25 00:00:00'),
              ('B0003', 'E2', 'festival', TIMESTAMP '2026-06-01 11:00:00', TIMESTAMP '2026-06-01 13:00:00', 50000.0, 0.5, TIMESTAMP '2026-06-02 00:00:00', TIMESTAMP '2026-06-02 00:00:00'))
              t(parking_bay_id, event_id, kind, starts_at, ends_at, attendance, distance_km, event_ts, created_ts)
            """);
    }
}
