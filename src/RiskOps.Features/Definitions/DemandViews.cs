using RiskOps.Core.Calendar;
using RiskOps.Core.Lakehouse;

namespace RiskOps.Features.Definitions;

/// <summary>
/// The views of the multi-horizon demand service: everything known at a forecast time t about any target
/// bucket b in [t, t + 24 h). Target-dependent history is keyed by the bay and the target's slot (bucket of
/// the week, quarter of the day) or the target bucket itself, so the store's ordinary point-in-time join at
/// t picks the latest occurrence observed by t — never a value from after the forecast time, whatever the
/// horizon. Keys are built by <see cref="DemandTargets"/> (serving and training share that code).
/// </summary>
public static class DemandViews
{
    private const string Owner = "riskops-features";

    // Latest correction of each (bay, bucket), with the slot keys of DemandTargets in UTC. A bay's city has a
    // fixed offset, so a UTC slot maps one-to-one onto a local slot of the same bay.
    private const string History = """
        d AS (
            SELECT parking_bay_id, bucket_start, event_ts, created_ts, CAST(bookings AS DOUBLE) AS bookings,
                   parking_bay_id || '|s' || CAST(isodow(bucket_start) * 96 + hour(bucket_start) * 4 + minute(bucket_start) // 15 AS VARCHAR) AS bay_slot,
                   parking_bay_id || '|q' || CAST(hour(bucket_start) * 4 + minute(bucket_start) // 15 AS VARCHAR) AS bay_qod
            FROM {parking_bay_demand_history}
            QUALIFY row_number() OVER (PARTITION BY parking_bay_id, bucket_start ORDER BY created_ts DESC) = 1)
        """;

    /// <summary>The bay's typical level and recent activity, per bucket end.</summary>
    public static FeatureView BayDemandLevel { get; } = new(
        "bay_demand_level", "parking_bay_id", TimeSpan.FromDays(2),
        [
            FeatureField.Num("bay_mean_28d", "mean bookings per bucket over the last 28 days: the bay's typical level"),
            FeatureField.Num("bay_mean_7d", "mean bookings per bucket over the last 7 days"),
            FeatureField.Num("bay_mean_91d", "mean bookings per bucket over the last 13 weeks: a steadier level"),
            FeatureField.Num("bay_bookings_last_1h", "bookings in the last 4 buckets"),
        ],
        new FeatureSource(GoldTables.ParkingBayDemandHistory, $"""
            WITH {History}
            SELECT parking_bay_id, event_ts, max(created_ts) OVER w91 AS created_ts,
                   avg(bookings) OVER w28 AS bay_mean_28d,
                   avg(bookings) OVER (PARTITION BY parking_bay_id ORDER BY bucket_start RANGE BETWEEN INTERVAL 10065 MINUTES PRECEDING AND CURRENT ROW) AS bay_mean_7d,
                   avg(bookings) OVER w91 AS bay_mean_91d,
                   sum(bookings) OVER (PARTITION BY parking_bay_id ORDER BY bucket_start RANGE BETWEEN INTERVAL 45 MINUTES PRECEDING AND CURRENT ROW) AS bay_bookings_last_1h
            FROM d
            WINDOW w28 AS (PARTITION BY parking_bay_id ORDER BY bucket_start RANGE BETWEEN INTERVAL 40305 MINUTES PRECEDING AND CURRENT ROW),
                   w91 AS (PARTITION BY parking_bay_id ORDER BY bucket_start RANGE BETWEEN INTERVAL 131025 MINUTES PRECEDING AND CURRENT ROW)
            """), Owner, "Typical and recent demand per bay; event_ts = end of the bucket.");

    /// <summary>History of the same bucket of the week (key: bay and slot), as of the last occurrence observed.</summary>
    public static FeatureView BayDemandSlot { get; } = new(
        "bay_demand_slot", "bay_slot", TimeSpan.FromDays(8),
        [
            FeatureField.Num("slot_bookings_last", "bookings in the latest observed bucket at the same time of the week (7 days before the target)"),
            FeatureField.Num("slot_mean_4w", "mean bookings in the same bucket of the week over the last 4 weeks"),
        ],
        new FeatureSource(GoldTables.ParkingBayDemandHistory, $"""
            WITH {History}
            SELECT bay_slot, event_ts, max(created_ts) OVER w AS created_ts,
                   bookings AS slot_bookings_last, avg(bookings) OVER w AS slot_mean_4w
            FROM d
            WINDOW w AS (PARTITION BY bay_slot ORDER BY bucket_start RANGE BETWEEN INTERVAL 21 DAYS PRECEDING AND CURRENT ROW)
            """), Owner, "Same bucket of the week per bay; key = DemandTargets.SlotKey; event_ts = end of that bucket.");

    /// <summary>History of the same quarter-hour of the day (key: bay and quarter), as of the last occurrence observed.</summary>
    public static FeatureView BayDemandQuarter { get; } = new(
        "bay_demand_qod", "bay_qod", TimeSpan.FromDays(3),
        [
            FeatureField.Num("qod_bookings_last", "bookings in the latest observed bucket at the same time of day (1 day before the target when observed, else 2)"),
            FeatureField.Num("qod_mean_7d", "mean bookings at the same time of day over the last 7 days"),
            FeatureField.Num("qod_mean_28d", "mean bookings at the same time of day over the last 28 days"),
        ],
        new FeatureSource(GoldTables.ParkingBayDemandHistory, $"""
            WITH {History}
            SELECT bay_qod, event_ts, max(created_ts) OVER w28 AS created_ts,
                   bookings AS qod_bookings_last,
                   avg(bookings) OVER (PARTITION BY bay_qod ORDER BY bucket_start RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW) AS qod_mean_7d,
                   avg(bookings) OVER w28 AS qod_mean_28d
            FROM d
            WINDOW w28 AS (PARTITION BY bay_qod ORDER BY bucket_start RANGE BETWEEN INTERVAL 27 DAYS PRECEDING AND CURRENT ROW)
            """), Owner, "Same quarter-hour of the day per bay; key = DemandTargets.QuarterKey; event_ts = end of that bucket.");

    /// <summary>
    /// A smoothed time-of-day profile per bay and day type (key: bay, workday or day off, quarter-hour): mean
    /// bookings over the last 91 days in the same quarter-hour ± 30 minutes on the same kind of day — about 300
    /// buckets behind each value, so it estimates the bay's rate at that time far less noisily than one slot.
    /// Day type and quarter are taken in UTC (holidays from <see cref="EuropeanHolidays.IsHoliday"/> on the UTC date).
    /// </summary>
    public static FeatureView BayDemandProfile { get; } = new(
        "bay_demand_profile", "bay_profile", TimeSpan.FromDays(8),
        [
            FeatureField.Num("profile_mean_91d", "mean bookings at this quarter-hour ± 30 min on the same day type (workday / day off), last 91 days"),
            FeatureField.Num("profile_log_91d", "its natural log (floored at 0.002): the scale a log-link model adds up"),
        ],
        new FeatureSource(GoldTables.ParkingBayDemandHistory, $$"""
            WITH {{History}},
            t AS (
                SELECT d.*, hour(bucket_start) * 4 + minute(bucket_start) // 15 AS q,
                       CASE WHEN isodow(bucket_start) >= 6 OR CAST(bucket_start AS DATE) IN ({{HolidayList()}}) THEN 'o' ELSE 'w' END AS day_type
                FROM d),
            x AS (
                SELECT parking_bay_id || '|' || day_type || '|q' || CAST((q + k + 96) % 96 AS VARCHAR) AS bay_profile, event_ts, created_ts, bookings
                FROM t, range(-2, 3) AS r(k))
            SELECT bay_profile, event_ts, max(created_ts) OVER w AS created_ts, avg(bookings) OVER w AS profile_mean_91d,
                   ln(greatest(avg(bookings) OVER w, 0.002)) AS profile_log_91d
            FROM x
            WINDOW w AS (PARTITION BY bay_profile ORDER BY event_ts RANGE BETWEEN INTERVAL 91 DAYS PRECEDING AND CURRENT ROW)
            """), Owner, "Smoothed profile per bay, day type and quarter-hour; key = DemandTargets.ProfileKey; event_ts = end of the latest bucket behind it.");

    /// <summary>
    /// The same smoothing per day of the week (key: bay, ISO weekday, quarter-hour): 13 weeks × 5 quarters behind
    /// each value — noisier than the day-type profile, but it sees what differs between weekdays (Friday nights).
    /// </summary>
    public static FeatureView BayDemandWeekdayProfile { get; } = new(
        "bay_demand_dow_profile", "bay_dow_profile", TimeSpan.FromDays(8),
        [
            FeatureField.Num("dow_profile_mean_91d", "mean bookings at this quarter-hour ± 30 min on the same weekday, last 13 weeks"),
            FeatureField.Num("dow_profile_log_91d", "its natural log (floored at 0.002)"),
        ],
        new FeatureSource(GoldTables.ParkingBayDemandHistory, $$"""
            WITH {{History}},
            x AS (
                SELECT parking_bay_id || '|d' || CAST(isodow(bucket_start) AS VARCHAR) || '|q'
                           || CAST((hour(bucket_start) * 4 + minute(bucket_start) // 15 + k + 96) % 96 AS VARCHAR) AS bay_dow_profile,
                       event_ts, created_ts, bookings
                FROM d, range(-2, 3) AS r(k))
            SELECT bay_dow_profile, event_ts, max(created_ts) OVER w AS created_ts, avg(bookings) OVER w AS dow_profile_mean_91d,
                   ln(greatest(avg(bookings) OVER w, 0.002)) AS dow_profile_log_91d
            FROM x
            WINDOW w AS (PARTITION BY bay_dow_profile ORDER BY event_ts RANGE BETWEEN INTERVAL 91 DAYS PRECEDING AND CURRENT ROW)
            """), Owner, "Smoothed profile per bay, weekday and quarter-hour; key = DemandTargets.WeekdayProfileKey; event_ts = end of the latest bucket behind it.");

    /// <summary>Days of history behind <see cref="BayDemandExpected"/>: a year, so the weekly and holiday mix is balanced once the data is that long.</summary>
    public const int ExpectedWindowDays = 364;

    /// <summary>Half-width of the time-of-day smoothing of <see cref="BayDemandExpected"/>, in quarters (± 1 hour).</summary>
    public const int ExpectedSmoothingQuarters = 4;

    /// <summary>Quarters before 06:00: the smoothing of <see cref="BayDemandExpected"/> does not cross this boundary.</summary>
    public const int NightQuarters = 24;

    /// <summary>
    /// Pseudo-bookings of the additive POI fit a POI set's own pooled shape is shrunk towards (<see cref="DemandShapeFit"/>):
    /// infinite, i.e. the fit as it is — on the development block it beat every finite weight tried (5, 50), since the fit
    /// pools all 30 bays where a set's own shape rests on its 1–3.
    /// </summary>
    public const double ExpectedShrinkage = double.PositiveInfinity;

    /// <summary>Ridge of the additive POI fit, in pseudo-bookings pulling each POI's bump towards 0.</summary>
    public const double ExpectedRidge = 5;

    /// <summary>
    /// Pseudo-events of the group's Monday–Thursday shape a Friday cell is shrunk towards, and of its Sunday-or-holiday shape
    /// a Saturday cell is: each has a fifth of the days, and the two differ only where some points of interest differ (late
    /// hours), where the group's own bookings outweigh the prior.
    /// </summary>
    public const double ExpectedDayTypeShrinkage = 10;

    /// <summary>
    /// Rounds of fit and level, alternated. One: the fit takes each bay's flat mean as its level, then the level is measured
    /// against the fitted shape. Three rounds (levels free of the bays' own POI mix) scored 0.07642 against 0.07637 on the
    /// development block for five times the time, which the demo cannot spare.
    /// </summary>
    public const int ExpectedIterations = 1;

    /// <summary>
    /// The bay's expected rate per bucket as level × shape (key: bay, local day type, local quarter-hour). The time-of-day
    /// shape depends on the points of interest and the kind of day, not on the bay, and is additive in the POIs (a station
    /// adds its rush hours to the rest), so per cell it is fitted across all bays as base + Σ POI bumps
    /// (<see cref="DemandShapeFit"/>; cells: <c>w</c> Monday–Thursday, <c>f</c> Friday, <c>s</c> Saturday, <c>o</c> Sunday or
    /// holiday, quarter ± 1 h), and each POI set's own pooled shape is shrunk towards that fit where the set saw few
    /// bookings; a Friday cell then leans on the set's <c>w</c> and a Saturday on its <c>o</c>. The bay's level is its bookings
    /// over the window ÷ the shape's expectation over the same buckets, alternated with the fit
    /// <see cref="ExpectedIterations"/> times. One snapshot per UTC day over the last
    /// <see cref="ExpectedWindowDays"/> days of buckets ended by its event_ts (the next midnight), on a dense grid of
    /// days, so a forecast reads the latest complete day. Local time comes from the bays' cities (gold <c>cities</c>).
    /// </summary>
    public static FeatureView BayDemandExpected { get; } = new(
        "bay_demand_expected", "bay_expected", TimeSpan.FromDays(3),
        [
            FeatureField.Num("expected_rate", "bay level × POI-additive shape at the target's local day type and quarter-hour: expected bookings per bucket"),
            FeatureField.Num("expected_log_rate", "its natural log (floored at 0.002): the scale a log-link model adds up"),
            FeatureField.Num("expected_pool_bookings", "bookings of the bay's POI set at this cell (before smoothing): how much its own shape rests on"),
        ],
        new FeatureSource(GoldTables.ParkingBayDemandHistory, ExpectedQuery(
            ExpectedSmoothingQuarters, ExpectedShrinkage, ExpectedRidge, ExpectedDayTypeShrinkage, ExpectedIterations)),
        Owner, "Expected rate per bay, local day type and quarter-hour (level × POI-additive shape); key = DemandTargets.ExpectedKey; event_ts = the UTC midnight ending the snapshot day.");

    /// <summary>
    /// The SQL of <see cref="BayDemandExpected"/> for given constants (the view uses the ones above; the development-block
    /// comparison in docs/benchmarks.md varied them). <paramref name="poiShrinkage"/> = ∞ takes the additive fit as it is.
    /// </summary>
    internal static string ExpectedQuery(int smoothingQuarters, double poiShrinkage, double ridge, double dayTypeShrinkage, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var sql = new System.Text.StringBuilder($$"""
            WITH {{History}},
            b AS (SELECT parking_bay_id, arg_max(city, created_ts) AS city, arg_max(poi, created_ts) AS poi FROM {bays} GROUP BY ALL),
            c AS (SELECT city, arg_max(utc_offset_minutes, created_ts) AS utc_offset_minutes FROM {cities} GROUP BY ALL),
            bay AS (
                SELECT b.parking_bay_id, CAST(coalesce(c.utc_offset_minutes, 0) AS BIGINT) AS off,
                       array_to_string(list_sort(list_distinct(list_filter(list_transform(string_split(lower(coalesce(b.poi, '')), ';'), x -> trim(x)), x -> x <> ''))), ';') AS poi_set
                FROM b LEFT JOIN c USING (city)),
            l AS (
                SELECT d.parking_bay_id, bay.poi_set, d.created_ts, d.bookings,
                       CAST(date_trunc('day', d.event_ts - INTERVAL 1 MICROSECOND) AS DATE) AS sday,
                       d.bucket_start + to_minutes(bay.off) AS loc
                FROM d JOIN bay USING (parking_bay_id)),
            t AS (
                SELECT *, hour(loc) * 4 + minute(loc) // 15 AS q0,
                       CASE WHEN isodow(loc) = 6 THEN 's' WHEN isodow(loc) = 7 OR CAST(loc AS DATE) IN ({{HolidayList()}}) THEN 'o'
                            WHEN isodow(loc) = 5 THEN 'f' ELSE 'w' END AS day_type
                FROM l),
            -- Per bay, day and cell: bookings and buckets smoothed over quarters ± {{smoothingQuarters}} (s, n) and unsmoothed
            -- (s0, n0). The smoothing stops at midnight (the day type changes there) and at 06:00, where night demand steps up.
            a AS (
                SELECT parking_bay_id, sday, day_type, q0 + k AS q, sum(bookings) AS s, count(*) AS n,
                       sum(bookings) FILTER (k = 0) AS s0, count(*) FILTER (k = 0) AS n0
                FROM t, range(-{{smoothingQuarters}}, {{smoothingQuarters + 1}}) AS r(k)
                WHERE q0 + k BETWEEN 0 AND 95 AND (q0 < {{NightQuarters}}) = (q0 + k < {{NightQuarters}})
                GROUP BY ALL),
            days AS (SELECT CAST(unnest(generate_series(min(sday), max(sday), INTERVAL 1 DAY)) AS DATE) AS sday FROM l),
            cells AS (SELECT dt AS day_type, q FROM (VALUES ('w'), ('f'), ('s'), ('o')) AS v(dt), range(96) AS r(q)),
            -- Dense grid (bay × day × cell), so a row-count frame is a span of days; windowed sums per bay and cell.
            g AS MATERIALIZED (
                SELECT bay.parking_bay_id, bay.poi_set, days.sday, cells.day_type, cells.q,
                       sum(coalesce(a.s, 0)) OVER w AS s, sum(coalesce(a.n, 0)) OVER w AS n,
                       sum(coalesce(a.s0, 0)) OVER w AS s0, sum(coalesce(a.n0, 0)) OVER w AS n0
                FROM bay JOIN (SELECT DISTINCT parking_bay_id FROM l) USING (parking_bay_id) CROSS JOIN days CROSS JOIN cells
                LEFT JOIN a ON a.parking_bay_id = bay.parking_bay_id AND a.sday = days.sday AND a.day_type = cells.day_type AND a.q = cells.q
                WINDOW w AS (PARTITION BY bay.parking_bay_id, cells.day_type, cells.q ORDER BY days.sday ROWS BETWEEN {{ExpectedWindowDays - 1}} PRECEDING AND CURRENT ROW)),
            -- Round 0: the bay's flat mean bookings per bucket over the window.
            lv0 AS (SELECT parking_bay_id, sday, sum(s0) / nullif(sum(n0), 0) AS level FROM g GROUP BY ALL)
            """);
        var own = double.IsPositiveInfinity(poiShrinkage) ? "f.fitted" : $"(x.s + {Num(poiShrinkage)} * f.fitted) / (x.flat + {Num(poiShrinkage)})";
        var dayType = dayTypeShrinkage == 0 ? "x.shape0"
            : $"CASE WHEN x.day_type IN ('f', 's') THEN (x.s + {Num(dayTypeShrinkage)} * p.shape0) / (x.flat + {Num(dayTypeShrinkage)}) ELSE x.shape0 END";
        for (var i = 1; i <= iterations; i++)
        {
            sql.Append(",\n").Append($$"""
            -- Round {{i}}: per POI set and cell, bookings and the expectation of the bays' current levels; the additive fit
            -- across the sets (DemandShapeFit); the set's own ratio shrunk towards it; Fridays towards the set's
            -- Monday–Thursday shape and Saturdays towards its Sunday one; the bays' levels against that shape.
            ps{{i}} AS (
                SELECT g.poi_set, g.sday, g.day_type, g.q, sum(g.s) AS s, sum(g.n * coalesce(lv.level, 0)) AS flat, sum(g.s0) AS pool_bookings
                FROM g JOIN lv{{i - 1}} AS lv USING (parking_bay_id, sday) GROUP BY ALL),
            fit{{i}} AS (
                SELECT sday, day_type, q, unnest(list_transform(g, x -> x.p)) AS poi_set, unnest(CAST(string_split(fitted, ';') AS DOUBLE[])) AS fitted
                FROM (SELECT sday, day_type, q, g,
                             {{DemandShapeFit.FunctionName}}(list_transform(g, x -> x.p), list_transform(g, x -> x.f), list_transform(g, x -> x.s), {{Num(ridge)}}) AS fitted
                      FROM (SELECT sday, day_type, q, list({'p': poi_set, 'f': flat, 's': s}) AS g FROM ps{{i}} GROUP BY ALL))),
            sh{{i}} AS (
                SELECT x.poi_set, x.sday, x.day_type, x.q, x.s, x.flat, x.pool_bookings, {{own}} AS shape0
                FROM ps{{i}} AS x JOIN fit{{i}} AS f USING (poi_set, sday, day_type, q)),
            pg{{i}} AS (
                SELECT x.poi_set, x.sday, x.day_type, x.q, x.pool_bookings,
                       {{dayType}} AS shape
                FROM sh{{i}} AS x JOIN sh{{i}} AS p ON p.poi_set = x.poi_set AND p.sday = x.sday AND p.q = x.q
                    AND p.day_type = CASE x.day_type WHEN 'f' THEN 'w' WHEN 's' THEN 'o' ELSE x.day_type END),
            lv{{i}} AS (
                SELECT g.parking_bay_id, g.sday, sum(g.s0) / nullif(sum(g.n0 * pg.shape), 0) AS level
                FROM g JOIN pg{{i}} AS pg USING (poi_set, sday, day_type, q) GROUP BY ALL)
            """);
        }

        sql.Append(",\n").Append($$"""
            ct AS (
                SELECT days.sday, max(m.created_ts) OVER (ORDER BY days.sday ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS created_ts
                FROM days LEFT JOIN (SELECT sday, max(created_ts) AS created_ts FROM l GROUP BY sday) AS m USING (sday))
            SELECT g.parking_bay_id || '|' || g.day_type || '|q' || CAST(g.q AS VARCHAR) AS bay_expected,
                   CAST(g.sday AS TIMESTAMP) + INTERVAL 1 DAY AS event_ts, ct.created_ts,
                   bl.level * pg.shape AS expected_rate, ln(greatest(bl.level * pg.shape, 0.002)) AS expected_log_rate,
                   CAST(pg.pool_bookings AS DOUBLE) AS expected_pool_bookings
            FROM g JOIN pg{{iterations}} AS pg USING (poi_set, sday, day_type, q) JOIN lv{{iterations}} AS bl USING (parking_bay_id, sday) JOIN ct USING (sday)
            WHERE bl.level IS NOT NULL AND pg.shape IS NOT NULL
            """);
        return sql.ToString();
    }

    private static string Num(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Announced public events near the bay around one target bucket (key: bay and bucket). One row per
    /// announcement time, holding every event announced by then whose window [start − 3 h, end + 2 h] covers
    /// the bucket, so an event announced after the forecast time is never seen.
    /// </summary>
    public static FeatureView BayEventsAhead { get; } = new(
        "bay_events_ahead", "bay_bucket", TimeSpan.FromDays(366),
        [
            FeatureField.Num("target_events", "announced events within 5 km whose [start − 3 h, end + 2 h] covers the target bucket"),
            FeatureField.Num("target_event_attendance_weighted", "their attendance / (1 + distance_km), summed"),
            FeatureField.Num("target_event_attendance", "attendance of the main event (largest weighted attendance)"),
            FeatureField.Num("target_event_distance_km", "distance to the main event"),
            FeatureField.Num("target_event_hours_to_start", "hours from the target bucket to the main event's start (negative once started)"),
            FeatureField.Num("target_event_hours_after_end", "hours from the main event's end to the target bucket (negative before the end)"),
            FeatureField.Num("target_transit_disruption", "1 if a transit disruption near the bay is in progress in the target bucket"),
            FeatureField.Num("target_event_timing", "the main event's crowd timing at the target bucket, 0–1: arrivals peak 1 h before the start, departures 15 min after the end (a disruption: 1 while in progress)"),
            FeatureField.Num("target_event_pressure", "Σ attendance / 1,000 / (1 + distance_km) × timing over the events: the crowd expected to move near the bay"),
            FeatureField.Num("target_event_log_pressure", "ln(1 + target_event_pressure): the multiplicative event uplift a log-link model adds up"),
        ],
        new FeatureSource(GoldTables.PublicEventsCalendar, """
            WITH e AS (
                SELECT * FROM {public_events_calendar}
                QUALIFY row_number() OVER (PARTITION BY event_id, parking_bay_id ORDER BY created_ts DESC) = 1),
            g AS (
                SELECT *, unnest(generate_series(time_bucket(INTERVAL 15 MINUTE, starts_at - INTERVAL 3 HOUR), ends_at + INTERVAL 2 HOUR, INTERVAL 15 MINUTE)) AS bucket
                FROM e),
            x AS (
                SELECT parking_bay_id || '|' || strftime(bucket, '%Y-%m-%dT%H:%M') AS bay_bucket, event_ts, created_ts, attendance, distance_km,
                       attendance / (1 + distance_km) AS weighted,
                       epoch(starts_at - bucket) / 3600.0 AS hours_to_start, epoch(bucket - ends_at) / 3600.0 AS hours_after_end,
                       CASE WHEN kind = 'transit_disruption' AND bucket >= starts_at AND bucket < ends_at THEN 1.0 ELSE 0.0 END AS transit,
                       kind = 'transit_disruption' AS is_transit
                FROM g),
            -- Crowd timing: triangles peaking 1 h before the start (arrivals, ± 1.5 h) and 15 min after the end
            -- (departures, ± 1 h); a disruption moves people while it lasts.
            t AS (
                SELECT *, attendance / 1000.0 / (1 + distance_km) * timing AS pressure
                FROM (SELECT *, CASE WHEN is_transit THEN transit
                                     ELSE greatest(0, 1 - abs(hours_to_start - 1) / 1.5, 1 - abs(hours_after_end - 0.25)) END AS timing
                      FROM x)),
            c AS (
                SELECT bay_bucket, event_ts,
                       max(created_ts) OVER w AS created_ts,
                       CAST(count(*) OVER w AS DOUBLE) AS target_events,
                       sum(weighted) OVER w AS target_event_attendance_weighted,
                       arg_max(attendance, weighted) OVER w AS target_event_attendance,
                       arg_max(distance_km, weighted) OVER w AS target_event_distance_km,
                       arg_max(hours_to_start, weighted) OVER w AS target_event_hours_to_start,
                       arg_max(hours_after_end, weighted) OVER w AS target_event_hours_after_end,
                       max(transit) OVER w AS target_transit_disruption,
                       arg_max(timing, weighted) OVER w AS target_event_timing,
                       sum(pressure) OVER w AS target_event_pressure,
                       ln(1 + sum(pressure) OVER w) AS target_event_log_pressure
                FROM t
                WINDOW w AS (PARTITION BY bay_bucket ORDER BY event_ts RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
            -- Rows announced at the same instant are peers of one frame: they carry the same values.
            SELECT DISTINCT * FROM c
            """), Owner, "public_events_calendar spread over the buckets each event affects; key = DemandTargets.BucketKey; event_ts = announced_at.");

    /// <summary>The views above, in service order.</summary>
    public static IReadOnlyList<FeatureView> Views { get; } = [BayDemandLevel, BayDemandSlot, BayDemandQuarter, BayDemandProfile, BayDemandWeekdayProfile, BayDemandExpected, BayEventsAhead];

    // The built-in holiday calendar as DATE literals (2000–2060): the view's SQL is a fixed, versioned definition.
    private static string HolidayList() => string.Join(", ",
        Enumerable.Range(2000, 61).SelectMany(y => Enumerable.Range(0, DateTime.IsLeapYear(y) ? 366 : 365).Select(d => new DateOnly(y, 1, 1).AddDays(d)))
            .Where(EuropeanHolidays.IsHoliday).Select(d => $"DATE '{d:yyyy-MM-dd}'"));
}
