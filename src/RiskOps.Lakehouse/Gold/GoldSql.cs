using System.Globalization;
using System.Text;
using RiskOps.Core.Lakehouse;

namespace RiskOps.Lakehouse.Gold;

/// <summary>
/// The SQL of each gold table over the silver views <c>s_&lt;source&gt;</c> (current version of
/// reference data). Column names and meanings follow docs/data-contract.md; every number is DOUBLE.
/// </summary>
internal static class GoldSql
{
    public static readonly int[] Windows = [7, 30, 90];

    /// <summary>Words in a claim description that adjusters treat as a flag.</summary>
    public const string FlagWordsPattern = @"\b(cash|urgent|urgently|no witnesses|no witness|immediately|asap|total loss|stolen|lost receipt)\b";

    /// <summary>The end of the UTC day a timestamp falls in, as the next midnight; a timestamp exactly at midnight belongs to the day it ends.</summary>
    public static string DayEnd(string column) => $"(date_trunc('day', {column} - INTERVAL 1 MICROSECOND) + INTERVAL 1 DAY)";

    private static string IsNightLocal(string utc, string offsetMinutes) =>
        $"(hour({utc} + to_minutes(({offsetMinutes})::BIGINT)) >= 22 OR hour({utc} + to_minutes(({offsetMinutes})::BIGINT)) < 5)";

    public const string Cleanup = """
        DROP TABLE IF EXISTS g_trip; DROP TABLE IF EXISTS g_trip_stats; DROP TABLE IF EXISTS g_daily;
        DROP TABLE IF EXISTS g_weather_hour; DROP TABLE IF EXISTS g_traffic_hour; DROP TABLE IF EXISTS g_affected;
        DROP TABLE IF EXISTS g_trip_changed; DROP TABLE IF EXISTS g_trip_stats_new;
        """;

    /// <summary>
    /// The tables rebuilt whole when one of their silver sources changed (or the horizon, for those that depend on it):
    /// all but customer_driving_behavior and parking_bay_demand_history, which <see cref="GoldBuilder"/> maintains by day.
    /// </summary>
    public static IReadOnlyList<GoldTableSpec> Tables(string created, string horizon) =>
    [
        new(GoldTables.WeatherFeatures, ["weather"], GoldHorizonUse.None, [WeatherHour("true")], $"""
            SELECT city, hour_start, rain_mm, temperature_c, visibility_m, (rain_mm > 0)::INTEGER::DOUBLE AS is_raining,
                   hour_start + INTERVAL 1 HOUR AS {GoldTables.EventTimestamp}, {created} AS {GoldTables.CreatedTimestamp}
            FROM g_weather_hour
            """),
        new(GoldTables.CustomerProfile, ["customers"], GoldHorizonUse.Month, [], CustomerProfile(created, horizon)),
        new(GoldTables.CustomerIncidentHistory, ["claims"], GoldHorizonUse.Exact, [], IncidentHistory(created, horizon)),
        new(GoldTables.ClaimsEnriched, ["claims", "customers", "cities", "claim_outcomes"], GoldHorizonUse.None, [], $"""
            SELECT c.claim_id, c.customer_id, c.claim_type, c.amount_eur, c.policy_tenure_months::DOUBLE AS policy_tenure_months,
                   c.prior_claims::DOUBLE AS prior_claims, epoch(c.reported_at - c.incident_at) / 3600.0 AS report_delay_hours,
                   length(coalesce(c.description, ''))::DOUBLE AS description_length,
                   len(regexp_extract_all(lower(coalesce(c.description, '')), '{FlagWordsPattern}'))::DOUBLE AS description_flag_words,
                   hour(c.incident_at + to_minutes(coalesce(ci.utc_offset_minutes, 0)::BIGINT))::DOUBLE AS incident_hour_local,
                   {IsNightLocal("c.incident_at", "coalesce(ci.utc_offset_minutes, 0)")}::INTEGER::DOUBLE AS incident_at_night,
                   o.outcome, o.paid_eur, o.decided_at AS outcome_ts,
                   c.reported_at AS {GoldTables.EventTimestamp}, {created} AS {GoldTables.CreatedTimestamp}
            FROM s_claims c
            LEFT JOIN s_customers cu ON cu.customer_id = c.customer_id
            LEFT JOIN s_cities ci ON ci.city = cu.home_city
            LEFT JOIN s_claim_outcomes o ON o.claim_id = c.claim_id
            """),
        new(GoldTables.PublicEventsCalendar, ["public_events", "bays"], GoldHorizonUse.None, [], $"""
            SELECT parking_bay_id, event_id, kind, starts_at, ends_at, attendance, distance_km,
                   {GoldTables.EventTimestamp}, {created} AS {GoldTables.CreatedTimestamp}
            FROM (
                SELECT b.parking_bay_id, e.event_id, e.kind, e.starts_at, e.ends_at, e.attendance::DOUBLE AS attendance,
                       {Haversine("e.lat", "e.lon", "b.lat", "b.lon")} AS distance_km, e.announced_at AS {GoldTables.EventTimestamp}
                FROM s_public_events e CROSS JOIN s_bays b)
            WHERE distance_km <= 5
            """),
        Dimension(GoldTables.Customers, "customers", created),
        Dimension(GoldTables.Vehicles, "vehicles", created),
        Dimension(GoldTables.Bays, "bays", created),
        Dimension(GoldTables.Cities, "cities", created),
    ];

    /// <summary>Great-circle distance in km (haversine, mean Earth radius); DuckDB has no built-in without the spatial extension.</summary>
    public static string Haversine(string lat1, string lon1, string lat2, string lon2) =>
        $"(2 * 6371.0088 * asin(sqrt(pow(sin(radians({lat2} - {lat1}) / 2), 2) + cos(radians({lat1})) * cos(radians({lat2})) * pow(sin(radians({lon2} - {lon1}) / 2), 2))))";

    private static string AllVersions(string source) => $"(SELECT * FROM s_{source}_all)";

    private static GoldTableSpec Dimension(string table, string source, string created) =>
        new(table, [source], GoldHorizonUse.None, [], $"""
            SELECT * EXCLUDE (_batch_id, _batch_seq, _ingested_at, _source_file, _content_hash),
                   _ingested_at AS {GoldTables.EventTimestamp}, {created} AS {GoldTables.CreatedTimestamp}
            FROM s_{source}
            """);

    /// <summary>Hourly weather per city from the silver rows matching <paramref name="where"/> (a condition on observed_at).</summary>
    public static string WeatherHour(string where) => $"""
        CREATE OR REPLACE TEMP TABLE g_weather_hour AS
        SELECT city, date_trunc('hour', observed_at) AS hour_start, avg(rain_mm) AS rain_mm, avg(temperature_c) AS temperature_c,
               avg(visibility_m) AS visibility_m
        FROM s_weather WHERE {where} GROUP BY ALL
        """;

    /// <summary>Hourly congestion per city and road type from the silver rows matching <paramref name="where"/> (a condition on hour_start).</summary>
    public static string TrafficHour(string where) => $"""
        CREATE OR REPLACE TEMP TABLE g_traffic_hour AS
        SELECT city, road_type, date_trunc('hour', hour_start) AS hour_start, avg(congestion) AS congestion
        FROM s_traffic WHERE {where} GROUP BY ALL
        """;

    /// <summary>The trips matching <paramref name="where"/> (over the silver trip <c>t</c>) with their day bucket and start city.</summary>
    public static string Trip(string where) => $"""
        CREATE OR REPLACE TEMP TABLE g_trip AS
        SELECT t.trip_id, t.customer_id, t.started_at, t.ended_at, t.distance_km, {DayEnd("t.ended_at")} AS bucket_end,
               b.city, coalesce(ci.utc_offset_minutes, 0) AS off_min
        FROM s_trips t
        LEFT JOIN s_bays b ON b.parking_bay_id = t.start_bay_id
        LEFT JOIN s_cities ci ON ci.city = b.city
        WHERE {where}
        """;

    /// <summary>Per-trip event statistics of the trips in <paramref name="trips"/> (rows of g_trip), from the telematics in <paramref name="telematics"/>.</summary>
    public static string TripStats(string telematics, string trips = "g_trip", string into = "g_trip_stats") => $"""
        CREATE OR REPLACE TEMP TABLE {into} AS
        WITH ev AS (
            SELECT e.trip_id, e.recorded_at, e.event_type, e.road_type, e.speed_kmh, e.speed_limit_kmh,
                   e.accel_long_mps2, e.accel_lat_mps2, e.speed_mps, tr.city, tr.off_min,
                   lag(e.accel_long_mps2) OVER w AS prev_a, lag(e.recorded_at) OVER w AS prev_t
            FROM {telematics} e JOIN {trips} tr ON tr.trip_id = e.trip_id
            WINDOW w AS (PARTITION BY e.trip_id ORDER BY e.recorded_at, e.event_id)
        ),
        brakes AS (
            -- A harsh brake in rain or dense traffic says less about the driver: weight 1 / (1 + rain_flag + congestion).
            SELECT ev.trip_id, sum(1.0 / (1 + (coalesce(w.rain_mm, 0) > 0)::INTEGER + coalesce(tf.congestion, 0))) AS rain_brake_w
            FROM ev
            LEFT JOIN g_weather_hour w ON w.city = ev.city AND w.hour_start = date_trunc('hour', ev.recorded_at)
            LEFT JOIN g_traffic_hour tf ON tf.city = ev.city AND tf.road_type = ev.road_type AND tf.hour_start = date_trunc('hour', ev.recorded_at)
            WHERE ev.event_type = 'harsh_brake'
            GROUP BY ev.trip_id
        )
        SELECT ev.trip_id,
               count(*) FILTER (event_type = 'harsh_brake') AS n_brake,
               count(*) FILTER (event_type = 'harsh_accel') AS n_accel,
               count(*) FILTER (event_type = 'harsh_corner') AS n_corner,
               count(*) FILTER (event_type = 'phone_use') AS n_phone,
               count(*) FILTER (event_type = 'sample' AND road_type = 'residential') AS d_res,
               count(*) FILTER (event_type = 'sample' AND road_type = 'residential' AND speed_kmh > speed_limit_kmh) AS n_res,
               count(*) FILTER (event_type = 'sample' AND road_type = 'arterial') AS d_art,
               count(*) FILTER (event_type = 'sample' AND road_type = 'arterial' AND speed_kmh > speed_limit_kmh) AS n_art,
               count(*) FILTER (event_type = 'sample' AND road_type = 'highway') AS d_hwy,
               count(*) FILTER (event_type = 'sample' AND road_type = 'highway' AND speed_kmh > speed_limit_kmh) AS n_hwy,
               coalesce(sum(speed_kmh - speed_limit_kmh) FILTER (event_type = 'sample' AND road_type = 'residential' AND speed_kmh > speed_limit_kmh), 0) AS excess_res,
               count(*) FILTER (event_type = 'sample') AS n_samples,
               count(*) FILTER (event_type = 'sample' AND {IsNightLocal("recorded_at", "off_min")}) AS n_night_samples,
               coalesce(sum(abs(accel_long_mps2 - prev_a) / epoch(recorded_at - prev_t)) FILTER (recorded_at > prev_t), 0) AS jerk_sum,
               count(*) FILTER (recorded_at > prev_t) AS jerk_n,
               coalesce(sum(abs(accel_lat_mps2) * speed_mps) FILTER (event_type = 'harsh_corner'), 0) AS stress_sum,
               coalesce(any_value(b.rain_brake_w), 0) AS rain_brake_w
        FROM ev LEFT JOIN brakes b ON b.trip_id = ev.trip_id
        GROUP BY ev.trip_id
        """;

    private static readonly string[] s_sums =
    [
        "km", "trips", "n_brake", "n_accel", "n_corner", "n_phone", "d_res", "n_res", "d_art", "n_art", "d_hwy", "n_hwy",
        "excess_res", "night_km", "jerk_sum", "jerk_n", "stress_sum", "rain_brake_w",
    ];

    /// <summary>Per customer and day (bucket_end: the next midnight) partial sums of the trips in g_trip: windows are sums of these.</summary>
    public static readonly string Daily = $"""
        CREATE OR REPLACE TEMP TABLE g_daily AS
        SELECT tr.customer_id, tr.bucket_end,
               sum(tr.distance_km) AS km, count(*) AS trips,
               {string.Join(", ", s_sums.Skip(2).Where(s => s != "night_km").Select(s => $"sum(coalesce(s.{s}, 0)) AS {s}"))},
               -- Night km: the trip's km times its share of samples taken at night (local time of the start bay's city);
               -- a trip without samples counts as night if it started at night.
               sum(CASE WHEN coalesce(s.n_samples, 0) > 0 THEN tr.distance_km * s.n_night_samples / s.n_samples
                        WHEN {IsNightLocal("tr.started_at", "tr.off_min")} THEN tr.distance_km ELSE 0 END) AS night_km
        FROM g_trip tr LEFT JOIN g_trip_stats s ON s.trip_id = tr.trip_id
        GROUP BY ALL
        """;

    /// <summary>
    /// customer_driving_behavior rows at every change point, from all the daily partials in <paramref name="partials"/>
    /// (a full build): window functions over each customer's days. A window's value changes when a trip enters it (its
    /// day) and when it leaves (7, 30, 90 days later), so those are the only rows.
    /// </summary>
    public static string DrivingBehavior(string created, string horizon, string? keepFromMonth, string partials)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"""
            WITH d AS (SELECT * FROM {partials}),
            points AS (
                SELECT DISTINCT customer_id, bucket_end + to_days(k) AS bucket_end
                FROM d, (VALUES (0), (7), (30), (90)) o(k)
                WHERE bucket_end + to_days(k) <= {horizon}),
            keys AS (SELECT customer_id, bucket_end FROM points UNION SELECT customer_id, bucket_end FROM d),
            grid AS (
                SELECT p.customer_id, p.bucket_end, {string.Join(", ", s_sums.Select(s => $"coalesce(d.{s}, 0) AS {s}"))}
                FROM keys p LEFT JOIN d ON d.customer_id = p.customer_id AND d.bucket_end = p.bucket_end),
            windowed AS (
             SELECT customer_id, bucket_end,

            """);
        sb.AppendJoin(",\n", Windows.SelectMany(w => s_sums.Select(s => $"sum({s}) OVER w{w} AS {s}_{w}")));
        sb.Append("\n FROM grid WINDOW ");
        // (event_ts − w, event_ts] over day ends = the w day ends up to and including this one.
        sb.AppendJoin(", ", Windows.Select(w => $"w{w} AS (PARTITION BY customer_id ORDER BY bucket_end RANGE BETWEEN INTERVAL {w - 1} DAYS PRECEDING AND CURRENT ROW)"));
        sb.Append(')');
        return Project(sb, created, horizon, keepFromMonth, null);
    }

    /// <summary>
    /// The running sums behind incremental customer_driving_behavior (see <see cref="DrivingFromRunningSums"/>): one row
    /// per customer and day end from <paramref name="from"/> to <paramref name="to"/> holding the sums of all that
    /// customer's partials up to and including that day: the running sums of the day before <paramref name="from"/>
    /// (the relation <paramref name="baseSums"/>, if any) plus the partials in <paramref name="partials"/> before
    /// <paramref name="from"/> (a full build has no base) plus those from that day on. A customer without a partial on a day keeps the previous day's values bit for bit, so a
    /// difference over days without trips is exactly 0. Columns: customer_id, bucket_end, the sums (DOUBLE), pday.
    /// </summary>
    public static string RunningSums(string? baseSums, string partials, string from, string to)
    {
        var sums = string.Join(", ", s_sums.Select(s => $"sum({s})::DOUBLE AS {s}"));
        return $"""
            WITH p AS (SELECT customer_id, bucket_end, {string.Join(", ", s_sums)} FROM {partials} WHERE bucket_end >= {from} AND bucket_end <= {to}),
            older AS (
                SELECT customer_id, {sums} FROM {partials} WHERE bucket_end < {from} GROUP BY customer_id
                {(baseSums is null ? "" : $"UNION ALL BY NAME SELECT customer_id, {string.Join(", ", s_sums)} FROM {baseSums}")}),
            base AS (SELECT customer_id, {sums} FROM older GROUP BY customer_id),
            run AS (
                SELECT customer_id, bucket_end, {string.Join(", ", s_sums.Select(s => $"(sum({s}) OVER w)::DOUBLE AS {s}"))}
                FROM p WINDOW w AS (PARTITION BY customer_id ORDER BY bucket_end ROWS UNBOUNDED PRECEDING)),
            cust AS (SELECT customer_id FROM base UNION SELECT customer_id FROM p),
            grid AS (
                SELECT c.customer_id, d.bucket_end
                FROM cust c CROSS JOIN (SELECT unnest(generate_series({from}, {to}, INTERVAL 1 DAY)) AS bucket_end) d)
            SELECT g.customer_id, g.bucket_end,
                   {string.Join(", ", s_sums.Select(s => $"CASE WHEN r.{s} IS NULL THEN coalesce(b.{s}, 0) WHEN b.{s} IS NULL THEN r.{s} ELSE b.{s} + r.{s} END AS {s}"))},
                   strftime(g.bucket_end, '%Y-%m-%d') AS pday
            FROM grid g
            ASOF LEFT JOIN run r ON r.customer_id = g.customer_id AND g.bucket_end >= r.bucket_end
            LEFT JOIN base b ON b.customer_id = g.customer_id
            """;
    }

    /// <summary>
    /// customer_driving_behavior rows at the change points in <paramref name="pointDays"/> (a list of bucket_end
    /// timestamps), incrementally: the customers with a partial in <paramref name="partials"/> on a point day or 7, 30 or
    /// 90 days before one, and each w-day window as running sum(point) − running sum(point − w), looked up in
    /// <paramref name="runningSums"/> (rows of <see cref="RunningSums"/>, which must hold those days). The cost is
    /// that of the point days and their lookups, not of the 90 days of partials a window spans.
    /// </summary>
    public static string DrivingFromRunningSums(string created, string horizon, string? keepFromMonth, string partials, string runningSums, string pointDays)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"""
            WITH points AS (
                SELECT DISTINCT customer_id, bucket_end + to_days(k) AS bucket_end
                FROM (SELECT customer_id, bucket_end FROM {partials}), (VALUES (0), (7), (30), (90)) o(k)
                WHERE bucket_end + to_days(k) <= {horizon} AND bucket_end + to_days(k) IN ({pointDays})),
            s AS MATERIALIZED (SELECT * FROM {runningSums} WHERE customer_id IN (SELECT customer_id FROM points)),
            windowed AS (
                SELECT p.customer_id, p.bucket_end,

            """);
        // A missing running sum is a day before the customer's first partial: 0.
        sb.AppendJoin(",\n", Windows.SelectMany(w => s_sums.Select(s => $"coalesce(s0.{s}, 0) - coalesce(s{w}.{s}, 0) AS {s}_{w}")));
        sb.Append("\n FROM points p LEFT JOIN s s0 ON s0.customer_id = p.customer_id AND s0.bucket_end = p.bucket_end");
        foreach (var w in Windows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n LEFT JOIN s s{w} ON s{w}.customer_id = p.customer_id AND s{w}.bucket_end = p.bucket_end - INTERVAL {w} DAY");
        }
        sb.Append(')');
        return Project(sb, created, horizon, keepFromMonth, pointDays);
    }

    /// <summary>The feature columns from the window sums <c>&lt;sum&gt;_&lt;w&gt;</c> of the CTE <c>windowed</c> that <paramref name="sb"/> ends with.</summary>
    private static string Project(StringBuilder sb, string created, string horizon, string? keepFromMonth, string? pointDays)
    {
        sb.Append("\nSELECT customer_id, ");
        sb.AppendJoin(",\n", Windows.SelectMany(w => new[]
        {
            $"km_{w}::DOUBLE AS km_{w}d",
            $"trips_{w}::DOUBLE AS trips_{w}d",
            $"{Per100("n_brake", w)} AS harsh_brake_per_100km_{w}d",
            $"{Per100("n_accel", w)} AS harsh_accel_per_100km_{w}d",
            $"{Per100("n_corner", w)} AS harsh_corner_per_100km_{w}d",
            $"{Ratio("n_res", "d_res", w)} AS speeding_share_residential_{w}d",
            $"{Ratio("n_art", "d_art", w)} AS speeding_share_arterial_{w}d",
            $"{Ratio("n_hwy", "d_hwy", w)} AS speeding_share_highway_{w}d",
            $"{Ratio("excess_res", "n_res", w)} AS mean_excess_speed_residential_{w}d",
            $"{Ratio("night_km", "km", w)} AS night_share_{w}d",
            $"{Ratio("jerk_sum", "jerk_n", w)} AS mean_abs_jerk_{w}d",
            $"{Ratio("stress_sum", "n_corner", w)} AS cornering_stress_{w}d",
            $"{Per100("rain_brake_w", w)} AS rain_adjusted_brake_per_100km_{w}d",
            $"{Per100("n_phone", w)} AS phone_use_per_100km_{w}d",
        }));
        sb.Append(CultureInfo.InvariantCulture, $",\n bucket_end AS {GoldTables.EventTimestamp}, {created} AS {GoldTables.CreatedTimestamp}\nFROM windowed");
        // Partial days that are not requested points only feed the windows of the requested ones.
        sb.Append(CultureInfo.InvariantCulture, $"\nWHERE bucket_end <= {horizon}");
        if (pointDays is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $" AND bucket_end IN ({pointDays})");
        }
        if (keepFromMonth is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $" AND strftime(bucket_end, '%Y-%m') >= '{keepFromMonth}'");
        }
        return sb.ToString();
    }

    /// <summary>
    /// parking_bay_demand_history: every bay × every 15-minute bucket from <paramref name="lo"/> to <paramref name="hi"/> (the span
    /// of all bookings) that matches <paramref name="bucketWhere"/>, counting the booked bookings that match <paramref name="bookingsWhere"/>
    /// (which must include every booking of those buckets).
    /// </summary>
    public static string ParkingDemand(string created, string lo, string hi, string bookingsWhere, string bucketWhere) => $"""
        WITH booked AS (
            SELECT parking_bay_id, time_bucket(INTERVAL 15 MINUTE, starts_at) AS bucket_start, count(*) AS n
            FROM s_bookings WHERE status = 'booked' AND {bookingsWhere} GROUP BY ALL),
        buckets AS (SELECT * FROM (SELECT unnest(generate_series({lo}, {hi}, INTERVAL 15 MINUTE)) AS bucket_start) WHERE {bucketWhere})
        SELECT b.parking_bay_id, k.bucket_start, coalesce(n, 0)::DOUBLE AS bookings,
               k.bucket_start + INTERVAL 15 MINUTE AS {GoldTables.EventTimestamp}, {created} AS {GoldTables.CreatedTimestamp}
        FROM s_bays b CROSS JOIN buckets k
        LEFT JOIN booked x ON x.parking_bay_id = b.parking_bay_id AND x.bucket_start = k.bucket_start
        """;

    private static string Per100(string numerator, int w) => $"CASE WHEN km_{w} > 0 THEN 100.0 * {numerator}_{w} / km_{w} END";

    private static string Ratio(string numerator, string denominator, int w) => $"CASE WHEN {denominator}_{w} > 0 THEN {numerator}_{w}::DOUBLE / {denominator}_{w} END";

    /// <summary>
    /// Age, licence years and tenure change with time while the source record does not, so each customer
    /// version is restated at every month start (UTC) until the next version or the data horizon — for the
    /// last 13 months only, which bounds the table at about 14 rows per customer. A point-in-time read then
    /// sees values at most a month old instead of values frozen at signup.
    /// </summary>
    private static string CustomerProfile(string created, string horizon) => $"""
        SELECT customer_id, age_years, years_licensed, home_city, region, gender, rental_frequency_per_week, tenure_days,
               {GoldTables.EventTimestamp}, {created} AS {GoldTables.CreatedTimestamp}
        FROM (
            SELECT *, date_diff('day', birth_date, {GoldTables.EventTimestamp}::DATE) / 365.25 AS age_years,
                   date_diff('day', licence_date, {GoldTables.EventTimestamp}::DATE) / 365.25 AS years_licensed,
                   date_diff('day', signup_date, {GoldTables.EventTimestamp}::DATE)::DOUBLE AS tenure_days
            FROM (
                SELECT v.* EXCLUDE (valid_from, valid_to), unnest(list_prepend(v.valid_from, coalesce(generate_series(
                           greatest(date_trunc('month', v.valid_from) + INTERVAL 1 MONTH, date_trunc('month', {horizon}) - INTERVAL 12 MONTH),
                           least(coalesce(v.valid_to - INTERVAL 1 MICROSECOND, {horizon}), {horizon}),
                           INTERVAL 1 MONTH), []))) AS {GoldTables.EventTimestamp}
                FROM (
                    SELECT *, lead(valid_from) OVER (PARTITION BY customer_id ORDER BY valid_from) AS valid_to
                    FROM (
                        -- The first version is valid from signup; a later change from when it was ingested.
                        SELECT *, CASE WHEN row_number() OVER (PARTITION BY customer_id ORDER BY _batch_seq) = 1
                                       THEN least(signup_date::TIMESTAMP, _ingested_at) ELSE _ingested_at END AS valid_from
                        FROM (SELECT * FROM {AllVersions("customers")})
                    )
                ) v
            )
        )
        """;

    private static string IncidentHistory(string created, string horizon) => $"""
        WITH c AS (SELECT customer_id, reported_at, amount_eur, {DayEnd("reported_at")} AS bucket_end FROM s_claims),
        points AS (
            -- Counts change when a claim is reported and when it leaves the 365-day window.
            SELECT DISTINCT customer_id, bucket_end + to_days(k) AS ts
            FROM c, (VALUES (0), (365)) o(k) WHERE bucket_end + to_days(k) <= {horizon})
        SELECT p.customer_id,
               (count(*) FILTER (c.reported_at > p.ts - INTERVAL 365 DAY))::DOUBLE AS claims_count_365d,
               coalesce(sum(c.amount_eur) FILTER (c.reported_at > p.ts - INTERVAL 365 DAY), 0)::DOUBLE AS claims_amount_365d,
               epoch(p.ts - max(c.reported_at)) / 86400.0 AS days_since_last_claim,
               count(*)::DOUBLE AS claims_count_all,
               p.ts AS {GoldTables.EventTimestamp}, {created} AS {GoldTables.CreatedTimestamp}
        FROM points p JOIN c ON c.customer_id = p.customer_id AND c.reported_at <= p.ts
        GROUP BY p.customer_id, p.ts
        """;
}
