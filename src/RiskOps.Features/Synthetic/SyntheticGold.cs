using System.Text;
using RiskOps.Core.Lakehouse;
using RiskOps.Core.Storage;
using RiskOps.Features.Definitions;
using RiskOps.Features.Offline;

namespace RiskOps.Features.Synthetic;

/// <summary>
/// Writes gold-shaped Parquet tables (the columns of docs/data-contract.md, deterministic
/// pseudo-random values) with DuckDB, for benchmarks at scale and for tests when no lakehouse output
/// exists. The values carry no meaning; only the shapes, keys and timestamps are realistic.
/// </summary>
public static class SyntheticGold
{
    /// <summary>First day of the synthetic history (UTC midnight).</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Writes every built-in gold table under <paramref name="layout"/>: <paramref name="customers"/>
    /// customers with a driving row per day for <paramref name="days"/> days, <paramref name="bays"/>
    /// bays with 15-minute demand history, 5 cities with hourly weather, claims and public events.
    /// </summary>
    public static async Task WriteAsync(DataLayout layout, int customers, int days, int bays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        await using var duck = await DuckDbSession.OpenAsync(Path.Combine(layout.FeatureStoreDir, "tmp"), "3GB", cancellationToken);
        var start = SourceSql.TimestampLiteral(Start);
        var customerId = "'C' || lpad(CAST(c AS VARCHAR), 7, '0')";
        var bayId = "'B' || lpad(CAST(b AS VARCHAR), 5, '0')";

        var driving = new StringBuilder($"SELECT {customerId} AS customer_id, {start} + to_days(CAST(d + 1 AS INTEGER)) AS event_ts, " +
            $"{start} + to_days(CAST(d + 1 AS INTEGER)) + INTERVAL 2 HOUR AS created_ts");
        var k = 0;
        foreach (var window in BuiltInFeatures.DrivingWindows)
        {
            foreach (var metric in BuiltInFeatures.DrivingMetrics)
            {
                var column = $"{metric}_{window}";
                driving.Append(metric == "trips"
                    ? $", CAST(hash(c, d, {k++}) % 60 AS BIGINT) AS {column}"
                    : $", (hash(c, d, {k++}) % 100000) / 1000.0 AS {column}");
            }
        }
        driving.Append($" FROM range({customers}) AS r(c), range({days}) AS s(d)");
        await CopyAsync(duck, layout, GoldTables.CustomerDrivingBehavior, driving.ToString(), cancellationToken);

        await CopyAsync(duck, layout, GoldTables.CustomerProfile, $"""
            SELECT {customerId} AS customer_id, {start} - INTERVAL 30 DAY AS event_ts, {start} - INTERVAL 30 DAY AS created_ts,
                   18 + hash(c, 1) % 60 AS age_years, hash(c, 2) % 40 AS years_licensed, 'city' || (c % 5) AS home_city,
                   'region' || (c % 3) AS region, ['M', 'F', 'X'][CAST(1 + hash(c, 3) % 3 AS BIGINT)] AS gender,
                   (hash(c, 4) % 70) / 10.0 AS rental_frequency_per_week, CAST(hash(c, 5) % 2000 AS BIGINT) AS tenure_days
            FROM range({customers}) AS r(c)
            """, cancellationToken);

        await CopyAsync(duck, layout, GoldTables.CustomerIncidentHistory, $"""
            SELECT {customerId} AS customer_id, {start} + to_days(CAST(hash(c, 6) % {days} AS INTEGER)) AS event_ts,
                   {start} + to_days(CAST(hash(c, 6) % {days} AS INTEGER)) + INTERVAL 3 HOUR AS created_ts,
                   CAST(1 + hash(c, 7) % 3 AS BIGINT) AS claims_count_365d, (hash(c, 8) % 500000) / 100.0 AS claims_amount_365d,
                   CAST(hash(c, 9) % 365 AS DOUBLE) AS days_since_last_claim, CAST(1 + hash(c, 7) % 5 AS BIGINT) AS claims_count_all
            FROM range({customers}) AS r(c) WHERE c % 5 = 0
            """, cancellationToken);

        await CopyAsync(duck, layout, GoldTables.ClaimsEnriched, $"""
            SELECT 'K' || lpad(CAST(c AS VARCHAR), 7, '0') AS claim_id, {customerId} AS customer_id,
                   {start} + to_seconds(CAST(hash(c, 10) % ({days} * 86400) AS BIGINT)) AS event_ts,
                   {start} + to_seconds(CAST(hash(c, 10) % ({days} * 86400) AS BIGINT)) + INTERVAL 1 HOUR AS created_ts,
                   ['collision', 'theft', 'vandalism', 'glass', 'injury'][CAST(1 + hash(c, 11) % 5 AS BIGINT)] AS claim_type,
                   (hash(c, 12) % 1000000) / 100.0 AS amount_eur, CAST(hash(c, 13) % 120 AS BIGINT) AS policy_tenure_months,
                   CAST(hash(c, 14) % 4 AS BIGINT) AS prior_claims, (hash(c, 15) % 2000) / 10.0 AS report_delay_hours,
                   CAST(hash(c, 16) % 400 AS BIGINT) AS description_length, CAST(hash(c, 17) % 3 AS BIGINT) AS description_flag_words,
                   CAST(hash(c, 18) % 24 AS BIGINT) AS incident_hour_local, CAST(hash(c, 19) % 2 AS BIGINT) AS incident_at_night,
                   CAST(NULL AS VARCHAR) AS outcome, CAST(NULL AS DOUBLE) AS paid_eur, CAST(NULL AS TIMESTAMP) AS outcome_ts
            FROM range({Math.Max(1, customers / 20)}) AS r(c)
            """, cancellationToken);

        await CopyAsync(duck, layout, GoldTables.Bays, $"""
            SELECT {bayId} AS parking_bay_id, 'city' || (b % 5) AS city, 48.0 + (b % 100) / 1000.0 AS lat, 2.0 + (b % 77) / 1000.0 AS lon,
                   CAST(4 + b % 20 AS BIGINT) AS capacity, 'station;mall' AS poi, {start} - INTERVAL 30 DAY AS event_ts, {start} - INTERVAL 30 DAY AS created_ts
            FROM range({bays}) AS r(b)
            """, cancellationToken);

        // Every city on UTC, so request calendars and keys read the same in UTC and in local time.
        await CopyAsync(duck, layout, GoldTables.Cities, $"""
            SELECT 'city' || c AS city, 48.0 AS lat, 2.0 AS lon, CAST(0 AS BIGINT) AS utc_offset_minutes,
                   {start} - INTERVAL 30 DAY AS event_ts, {start} - INTERVAL 30 DAY AS created_ts
            FROM range(5) AS r(c)
            """, cancellationToken);

        await CopyAsync(duck, layout, GoldTables.ParkingBayDemandHistory, $"""
            SELECT {bayId} AS parking_bay_id, {start} + to_minutes(CAST(q * 15 AS BIGINT)) AS bucket_start,
                   CAST(hash(b, q) % 4 AS BIGINT) AS bookings,
                   {start} + to_minutes(CAST(q * 15 + 15 AS BIGINT)) AS event_ts, {start} + to_minutes(CAST(q * 15 + 20 AS BIGINT)) AS created_ts
            FROM range({bays}) AS r(b), range({days * 96}) AS s(q)
            """, cancellationToken);

        await CopyAsync(duck, layout, GoldTables.WeatherFeatures, $"""
            SELECT 'city' || c AS city, {start} + to_hours(CAST(h AS BIGINT)) AS hour_start, (hash(c, h) % 50) / 10.0 AS rain_mm,
                   (hash(c, h, 1) % 300) / 10.0 AS temperature_c, CAST(1000 + hash(c, h, 2) % 9000 AS DOUBLE) AS visibility_m,
                   CAST(hash(c, h) % 50 > 5 AS INTEGER) AS is_raining,
                   {start} + to_hours(CAST(h + 1 AS BIGINT)) AS event_ts, {start} + to_hours(CAST(h + 1 AS BIGINT)) + INTERVAL 5 MINUTE AS created_ts
            FROM range(5) AS r(c), range({days * 24}) AS s(h)
            """, cancellationToken);

        await CopyAsync(duck, layout, GoldTables.PublicEventsCalendar, $"""
            SELECT 'E' || lpad(CAST(e AS VARCHAR), 5, '0') AS event_id, {bayId} AS parking_bay_id,
                   ['concert', 'sports', 'transit_disruption', 'festival'][CAST(1 + hash(e, 1) % 4 AS BIGINT)] AS kind,
                   {start} + to_hours(CAST(hash(e, 2) % ({days} * 24) AS BIGINT)) AS starts_at,
                   {start} + to_hours(CAST(hash(e, 2) % ({days} * 24) + 3 AS BIGINT)) AS ends_at,
                   CAST(100 + hash(e, 3) % 50000 AS BIGINT) AS attendance, (hash(e, b) % 50) / 10.0 AS distance_km,
                   {start} + to_hours(CAST(hash(e, 2) % ({days} * 24) AS BIGINT)) - INTERVAL 2 DAY AS event_ts,
                   {start} + to_hours(CAST(hash(e, 2) % ({days} * 24) AS BIGINT)) - INTERVAL 2 DAY AS created_ts
            FROM range({Math.Max(1, days * 2)}) AS r(e), range({bays}) AS s(b) WHERE hash(e, b, 4) % 10 = 0
            """, cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="count"/> CRAI entity rows (customer_id, timestamp) to a Parquet file: customers
    /// drawn from customer_profile, timestamps uniform over the driving history. Works on real gold too.
    /// </summary>
    public static async Task WriteCustomerEntityRowsAsync(DataLayout layout, long count, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        await using var duck = await DuckDbSession.OpenAsync(Path.Combine(layout.FeatureStoreDir, "tmp"), "2GB", cancellationToken);
        var profile = SourceSql.TableReader(layout, GoldTables.CustomerProfile);
        var driving = SourceSql.TableReader(layout, GoldTables.CustomerDrivingBehavior);
        await DuckDbSession.ExecuteAsync(duck, $"""
            CREATE TEMP TABLE ids AS SELECT customer_id, CAST(row_number() OVER () - 1 AS UBIGINT) AS rn FROM (SELECT DISTINCT customer_id FROM {profile});
            CREATE TEMP TABLE span AS SELECT min(event_ts) AS lo, CAST(greatest(epoch(max(event_ts)) - epoch(min(event_ts)), 1) AS UBIGINT) AS seconds FROM {driving};
            """, cancellationToken);
        var customers = await DuckDbSession.CountAsync(duck, "SELECT count(*) FROM ids", cancellationToken);
        var seconds = await DuckDbSession.CountAsync(duck, "SELECT seconds FROM span", cancellationToken);
        // Constants, not subqueries, in the join key: DuckDB then plans a hash join instead of a nested loop.
        await DuckDbSession.ExecuteAsync(duck, $"""
            COPY (
                SELECT ids.customer_id, (SELECT lo FROM span) + to_seconds(CAST(hash(i, 1) % {seconds} AS BIGINT)) AS "timestamp"
                FROM range({count}) AS r(i)
                JOIN ids ON ids.rn = hash(i, 2) % {Math.Max(1, customers)}
            ) TO {SourceSql.Literal(path)} (FORMAT parquet);
            """, cancellationToken);
    }

    private static async Task CopyAsync(DuckDB.NET.Data.DuckDBConnection duck, DataLayout layout, string table, string select, CancellationToken cancellationToken)
    {
        var dir = layout.GoldTableDir(table);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "synthetic.parquet");
        await DuckDbSession.ExecuteAsync(duck, $"COPY ({select}) TO {SourceSql.Literal(path)} (FORMAT parquet)", cancellationToken);
    }

}
