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
    public static IReadOnlyList<FeatureView> Views { get; } = [BayDemandLevel, BayDemandSlot, BayDemandQuarter, BayDemandProfile, BayDemandWeekdayProfile, BayEventsAhead];

    // The built-in holiday calendar as DATE literals (2000–2060): the view's SQL is a fixed, versioned definition.
    private static string HolidayList() => string.Join(", ",
        Enumerable.Range(2000, 61).SelectMany(y => Enumerable.Range(0, DateTime.IsLeapYear(y) ? 366 : 365).Select(d => new DateOnly(y, 1, 1).AddDays(d)))
            .Where(EuropeanHolidays.IsHoliday).Select(d => $"DATE '{d:yyyy-MM-dd}'"));
}
