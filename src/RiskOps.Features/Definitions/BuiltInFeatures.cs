using RiskOps.Core.Lakehouse;

namespace RiskOps.Features.Definitions;

/// <summary>
/// The built-in views over the gold tables of docs/data-contract.md and the feature services of the
/// built-in models (<c>crai</c>, <c>claims_triage</c>, <c>claims_frequency</c>, <c>claims_severity</c>, <c>demand</c>). Derived views (driving trends,
/// demand lags, bay weather, bay events) are computed by the store in DuckDB from gold.
/// </summary>
public static class BuiltInFeatures
{
    private const string Owner = "riskops-features";

    /// <summary>The driving-behavior metrics, each present per window (7d, 30d, 90d).</summary>
    public static readonly IReadOnlyList<string> DrivingMetrics =
    [
        "km", "trips", "harsh_brake_per_100km", "harsh_accel_per_100km", "harsh_corner_per_100km",
        "speeding_share_residential", "speeding_share_arterial", "speeding_share_highway", "mean_excess_speed_residential",
        "night_share", "mean_abs_jerk", "cornering_stress", "rain_adjusted_brake_per_100km", "phone_use_per_100km",
    ];

    /// <summary>The driving windows.</summary>
    public static readonly IReadOnlyList<string> DrivingWindows = ["7d", "30d", "90d"];

    /// <summary>42 windowed driving aggregates per customer per day.</summary>
    public static FeatureView CustomerDrivingBehavior { get; } = new(
        GoldTables.CustomerDrivingBehavior, "customer_id", TimeSpan.FromDays(95),
        DrivingWindows.SelectMany(w => DrivingMetrics.Select(m => FeatureField.Num($"{m}_{w}"))).ToList(),
        new FeatureSource(GoldTables.CustomerDrivingBehavior), Owner,
        "Telematics aggregates over trips ended in the 7/30/90 days before event_ts (end of the UTC day).");

    /// <summary>Recent (7d) against long-run (90d) driving, derived from <see cref="CustomerDrivingBehavior"/>.</summary>
    public static FeatureView CustomerDrivingTrends { get; } = new(
        "customer_driving_trends", "customer_id", TimeSpan.FromDays(95),
        [
            FeatureField.Num("km_trend_7d_vs_90d", "km in 7d over the 90d weekly average; >1 is driving more"),
            FeatureField.Num("harsh_brake_trend_7d_vs_90d", "harsh brakes per 100 km, 7d minus 90d"),
            FeatureField.Num("harsh_accel_trend_7d_vs_90d", "harsh accelerations per 100 km, 7d minus 90d"),
            FeatureField.Num("harsh_corner_trend_7d_vs_90d", "harsh corners per 100 km, 7d minus 90d"),
            FeatureField.Num("speeding_residential_trend_7d_vs_90d", "residential speeding share, 7d minus 90d"),
            FeatureField.Num("night_share_trend_7d_vs_90d", "night km share, 7d minus 90d"),
            FeatureField.Num("phone_use_trend_7d_vs_90d", "phone use per 100 km, 7d minus 90d"),
        ],
        new FeatureSource(GoldTables.CustomerDrivingBehavior, """
            SELECT customer_id, event_ts, created_ts,
                   km_7d / NULLIF(km_90d / 90.0 * 7.0, 0) AS km_trend_7d_vs_90d,
                   harsh_brake_per_100km_7d - harsh_brake_per_100km_90d AS harsh_brake_trend_7d_vs_90d,
                   harsh_accel_per_100km_7d - harsh_accel_per_100km_90d AS harsh_accel_trend_7d_vs_90d,
                   harsh_corner_per_100km_7d - harsh_corner_per_100km_90d AS harsh_corner_trend_7d_vs_90d,
                   speeding_share_residential_7d - speeding_share_residential_90d AS speeding_residential_trend_7d_vs_90d,
                   night_share_7d - night_share_90d AS night_share_trend_7d_vs_90d,
                   phone_use_per_100km_7d - phone_use_per_100km_90d AS phone_use_trend_7d_vs_90d
            FROM {customer_driving_behavior}
            """), Owner, "Change in driving style: last week against the 90-day baseline.");

    /// <summary>
    /// Exposure and per-reading risk in the form a risk model needs, derived from <see cref="CustomerDrivingBehavior"/>:
    /// incident risk grows with kilometres driven (so log km, the log of the exposure), and with the mean excess speed
    /// over every residential reading — the speeding share times the mean excess of the speeding readings, 0 for a driver
    /// who never speeds there (the gold column alone is an average over speeding readings only, undefined for them).
    /// </summary>
    public static FeatureView CustomerRiskIndicators { get; } = new(
        "customer_risk_indicators", "customer_id", TimeSpan.FromDays(95),
        [
            FeatureField.Num("log_km_90d", "ln(1 + km driven in the last 90 days)"),
            FeatureField.Num("log_km_30d", "ln(1 + km driven in the last 30 days)"),
            FeatureField.Num("residential_excess_90d", "mean km/h over the limit per residential reading, last 90 days"),
        ],
        new FeatureSource(GoldTables.CustomerDrivingBehavior, """
            SELECT customer_id, event_ts, created_ts,
                   ln(1 + km_90d) AS log_km_90d,
                   ln(1 + km_30d) AS log_km_30d,
                   speeding_share_residential_90d * coalesce(mean_excess_speed_residential_90d, 0) AS residential_excess_90d
            FROM {customer_driving_behavior}
            """), Owner, "Exposure (log km) and residential excess speed per reading.");

    /// <summary>
    /// Long-run driving style: the last 270 days as three back-to-back 90-day windows of <see cref="CustomerDrivingBehavior"/>
    /// (the rows as of event_ts, event_ts − 90 d and event_ts − 180 d; gold writes a row whenever a window changes, so the latest
    /// row at or before an instant holds that instant's windows). A driver's propensity shows in a handful of harsh events per
    /// 100 km, so 90 days of a once-a-week driver (a dozen trips) give a noisy rate; pooling the events and km of three windows
    /// gives up to three times the exposure. Rates are events over km pooled (counts recovered as rate × km / 100); the
    /// per-reading and per-km shares are km-weighted means of the windows.
    /// </summary>
    public static FeatureView CustomerDrivingHistory { get; } = new(
        "customer_driving_history", "customer_id", TimeSpan.FromDays(95),
        [
            FeatureField.Num("log_km_per_trip_270d", "ln(km per trip), last 270 days"),
            FeatureField.Num("harsh_corner_per_100km_270d", "harsh corners per 100 km, last 270 days"),
            FeatureField.Num("harsh_accel_per_100km_270d", "harsh accelerations per 100 km, last 270 days"),
            FeatureField.Num("rain_adjusted_brake_per_100km_270d", "harsh brakes per 100 km weighted down in rain and traffic, last 270 days"),
            FeatureField.Num("phone_use_per_100km_270d", "phone-use episodes per 100 km, last 270 days"),
            FeatureField.Num("residential_excess_270d", "mean km/h over the limit per residential reading (km-weighted over the windows), last 270 days"),
            FeatureField.Num("night_share_270d", "share of km driven 22:00–05:00, last 270 days"),
            FeatureField.Num("log_abs_jerk_270d", "ln(mean |jerk|) (km-weighted), last 270 days"),
            FeatureField.Num("log_harsh_events_per_100km_270d", "ln(1 + driver-caused harsh events per 100 km: corners, accelerations, rain-adjusted brakes), last 270 days"),
            FeatureField.Num("log_residential_excess_270d", "ln(0.1 + residential_excess_270d)"),
        ],
        new FeatureSource(GoldTables.CustomerDrivingBehavior, """
            WITH d AS (
                SELECT customer_id, event_ts, created_ts, km_90d AS km, trips_90d AS trips,
                       coalesce(harsh_corner_per_100km_90d, 0) * km_90d / 100 AS n_corner,
                       coalesce(harsh_accel_per_100km_90d, 0) * km_90d / 100 AS n_accel,
                       coalesce(rain_adjusted_brake_per_100km_90d, 0) * km_90d / 100 AS n_brake,
                       coalesce(phone_use_per_100km_90d, 0) * km_90d / 100 AS n_phone,
                       coalesce(speeding_share_residential_90d * coalesce(mean_excess_speed_residential_90d, 0), 0) * km_90d AS excess_km,
                       coalesce(night_share_90d, 0) * km_90d AS night_km,
                       CASE WHEN mean_abs_jerk_90d IS NOT NULL THEN km_90d ELSE 0 END AS jerk_w,
                       coalesce(mean_abs_jerk_90d, 0) * km_90d AS jerk_km
                FROM {customer_driving_behavior}
                QUALIFY row_number() OVER (PARTITION BY customer_id, event_ts ORDER BY created_ts DESC) = 1),
            w AS (
                SELECT d0.customer_id, d0.event_ts,
                       -- A correction of an earlier window's row changes this one too.
                       greatest(d0.created_ts, coalesce(d1.created_ts, d0.created_ts), coalesce(d2.created_ts, d0.created_ts)) AS created_ts,
                       d0.km + coalesce(d1.km, 0) + coalesce(d2.km, 0) AS km,
                       d0.trips + coalesce(d1.trips, 0) + coalesce(d2.trips, 0) AS trips,
                       d0.n_corner + coalesce(d1.n_corner, 0) + coalesce(d2.n_corner, 0) AS n_corner,
                       d0.n_accel + coalesce(d1.n_accel, 0) + coalesce(d2.n_accel, 0) AS n_accel,
                       d0.n_brake + coalesce(d1.n_brake, 0) + coalesce(d2.n_brake, 0) AS n_brake,
                       d0.n_phone + coalesce(d1.n_phone, 0) + coalesce(d2.n_phone, 0) AS n_phone,
                       d0.excess_km + coalesce(d1.excess_km, 0) + coalesce(d2.excess_km, 0) AS excess_km,
                       d0.night_km + coalesce(d1.night_km, 0) + coalesce(d2.night_km, 0) AS night_km,
                       d0.jerk_w + coalesce(d1.jerk_w, 0) + coalesce(d2.jerk_w, 0) AS jerk_w,
                       d0.jerk_km + coalesce(d1.jerk_km, 0) + coalesce(d2.jerk_km, 0) AS jerk_km
                FROM d d0
                ASOF LEFT JOIN d d1 ON d1.customer_id = d0.customer_id AND d1.event_ts <= d0.event_ts - INTERVAL 90 DAY
                ASOF LEFT JOIN d d2 ON d2.customer_id = d0.customer_id AND d2.event_ts <= d0.event_ts - INTERVAL 180 DAY)
            -- DuckDB's ln() throws on 0 and negatives, which would fail the whole materialization: a window with trips but
            -- no km reads as missing, and the sums (non-negative by construction) are floored at 0
            -- before dividing (greatest() skips NULLs, so flooring the ratio would turn "no km" into 0).
            SELECT customer_id, event_ts, created_ts,
                   ln(NULLIF(km, 0) / NULLIF(trips, 0)) AS log_km_per_trip_270d,
                   100 * n_corner / NULLIF(km, 0) AS harsh_corner_per_100km_270d,
                   100 * n_accel / NULLIF(km, 0) AS harsh_accel_per_100km_270d,
                   100 * n_brake / NULLIF(km, 0) AS rain_adjusted_brake_per_100km_270d,
                   100 * n_phone / NULLIF(km, 0) AS phone_use_per_100km_270d,
                   excess_km / NULLIF(km, 0) AS residential_excess_270d,
                   night_km / NULLIF(km, 0) AS night_share_270d,
                   ln(0.001 + greatest(jerk_km, 0) / NULLIF(jerk_w, 0)) AS log_abs_jerk_270d,
                   ln(1 + 100 * greatest(n_corner + n_accel + n_brake, 0) / NULLIF(km, 0)) AS log_harsh_events_per_100km_270d,
                   ln(0.1 + greatest(excess_km, 0) / NULLIF(km, 0)) AS log_residential_excess_270d
            FROM w
            """), Owner, "Driving style over the last 270 days (three 90-day windows pooled).");

    /// <summary>
    /// The profile in the form a risk model needs: the declared rental frequency is the expected number of trips, i.e. the
    /// exposure known before any trip is driven (its log, as incident risk is multiplicative in exposure).
    /// </summary>
    public static FeatureView CustomerRiskProfile { get; } = new(
        "customer_risk_profile", "customer_id", TimeSpan.FromDays(3650),
        [
            FeatureField.Num("log_rental_frequency", "ln(declared rentals per week), floored at 0.1"),
        ],
        new FeatureSource(GoldTables.CustomerProfile, """
            SELECT customer_id, event_ts, created_ts,
                   ln(greatest(rental_frequency_per_week, 0.1)) AS log_rental_frequency
            FROM {customer_profile}
            WHERE rental_frequency_per_week IS NOT NULL
            """), Owner, "Declared exposure: ln(rental frequency per week).");

    /// <summary>Customer demographics and tenure.</summary>
    public static FeatureView CustomerProfile { get; } = new(
        GoldTables.CustomerProfile, "customer_id", TimeSpan.FromDays(3650),
        [
            FeatureField.Num("age_years"), FeatureField.Num("years_licensed"), FeatureField.Cat("home_city"), FeatureField.Cat("region"),
            FeatureField.Cat("gender"), FeatureField.Num("rental_frequency_per_week"), FeatureField.Num("tenure_days"),
        ],
        new FeatureSource(GoldTables.CustomerProfile), Owner, "Customer profile, one row per change.");

    /// <summary>Claims history as known at report time.</summary>
    public static FeatureView CustomerIncidentHistory { get; } = new(
        GoldTables.CustomerIncidentHistory, "customer_id", TimeSpan.FromDays(3650),
        [FeatureField.Num("claims_count_365d"), FeatureField.Num("claims_amount_365d"), FeatureField.Num("days_since_last_claim"), FeatureField.Num("claims_count_all")],
        new FeatureSource(GoldTables.CustomerIncidentHistory), Owner,
        "Claims counted as of reported_at; a customer without claims has no row (missing).");

    /// <summary>Claim attributes at report time (outcome columns are labels and are not served).</summary>
    public static FeatureView ClaimsEnriched { get; } = new(
        GoldTables.ClaimsEnriched, "claim_id", TimeSpan.FromDays(3650),
        [
            FeatureField.Cat("claim_type"), FeatureField.Num("amount_eur"), FeatureField.Num("policy_tenure_months"), FeatureField.Num("prior_claims"),
            FeatureField.Num("report_delay_hours"), FeatureField.Num("description_length"), FeatureField.Num("description_flag_words"),
            FeatureField.Num("incident_hour_local"), FeatureField.Num("incident_at_night"),
        ],
        new FeatureSource(GoldTables.ClaimsEnriched), Owner, "One row per claim, event_ts = reported_at.");

    /// <summary>Booking lags per bay, computed by the store from the 15-minute demand history.</summary>
    public static FeatureView BayDemandLags { get; } = new(
        "bay_demand_lags", "parking_bay_id", TimeSpan.FromHours(1),
        [
            FeatureField.Num("bookings_last_15m", "bookings in the bucket that just ended"),
            FeatureField.Num("bookings_last_1h", "bookings in the last 4 buckets"),
            FeatureField.Num("bookings_last_24h", "bookings in the last 96 buckets"),
            FeatureField.Num("bookings_mean_7d", "mean bookings per bucket over the last 7 days"),
            FeatureField.Num("bookings_next_bucket_1d_ago", "bookings in the bucket one day before the one about to start"),
            FeatureField.Num("bookings_next_bucket_7d_ago", "bookings in the bucket one week before the one about to start"),
        ],
        // Time-based RANGE frames, not row offsets, so a missing bucket never shifts a lag. A row's
        // created_ts is the latest of its 7-day frame: a late correction re-materializes every lag it changed.
        new FeatureSource(GoldTables.ParkingBayDemandHistory, """
            WITH d AS (
                SELECT parking_bay_id, bucket_start, event_ts, created_ts, CAST(bookings AS DOUBLE) AS bookings
                FROM {parking_bay_demand_history}
                QUALIFY row_number() OVER (PARTITION BY parking_bay_id, bucket_start ORDER BY created_ts DESC) = 1)
            SELECT parking_bay_id, event_ts,
                   max(created_ts) OVER w7d AS created_ts,
                   bookings AS bookings_last_15m,
                   sum(bookings) OVER (PARTITION BY parking_bay_id ORDER BY bucket_start RANGE BETWEEN INTERVAL 45 MINUTES PRECEDING AND CURRENT ROW) AS bookings_last_1h,
                   sum(bookings) OVER (PARTITION BY parking_bay_id ORDER BY bucket_start RANGE BETWEEN INTERVAL 1425 MINUTES PRECEDING AND CURRENT ROW) AS bookings_last_24h,
                   sum(bookings) OVER w7d / 672.0 AS bookings_mean_7d,
                   sum(bookings) OVER (PARTITION BY parking_bay_id ORDER BY bucket_start RANGE BETWEEN INTERVAL 1425 MINUTES PRECEDING AND INTERVAL 1425 MINUTES PRECEDING) AS bookings_next_bucket_1d_ago,
                   sum(bookings) OVER (PARTITION BY parking_bay_id ORDER BY bucket_start RANGE BETWEEN INTERVAL 10065 MINUTES PRECEDING AND INTERVAL 10065 MINUTES PRECEDING) AS bookings_next_bucket_7d_ago
            FROM d
            WINDOW w7d AS (PARTITION BY parking_bay_id ORDER BY bucket_start RANGE BETWEEN INTERVAL 10065 MINUTES PRECEDING AND CURRENT ROW)
            """), Owner, "Demand history lags per bay; event_ts = end of the bucket.");

    /// <summary>Hourly weather per city.</summary>
    public static FeatureView WeatherFeatures { get; } = new(
        GoldTables.WeatherFeatures, "city", TimeSpan.FromHours(3),
        [FeatureField.Num("rain_mm"), FeatureField.Num("temperature_c"), FeatureField.Num("visibility_m"), FeatureField.Num("is_raining")],
        new FeatureSource(GoldTables.WeatherFeatures), Owner, "Observed weather per city per hour; event_ts = hour end.");

    /// <summary>The weather of each bay's city, keyed by bay so the demand service needs one key.</summary>
    public static FeatureView BayWeather { get; } = new(
        "bay_weather", "parking_bay_id", TimeSpan.FromHours(3),
        [FeatureField.Num("rain_mm"), FeatureField.Num("temperature_c"), FeatureField.Num("visibility_m"), FeatureField.Num("is_raining")],
        new FeatureSource(GoldTables.WeatherFeatures, """
            SELECT b.parking_bay_id, w.event_ts, w.created_ts, w.rain_mm, w.temperature_c, w.visibility_m, w.is_raining
            FROM {weather_features} AS w
            JOIN (SELECT DISTINCT parking_bay_id, city FROM {bays}) AS b ON b.city = w.city
            """), Owner, "weather_features joined to each bay through its city.");

    /// <summary>Public events near each bay, per hour: known (announced) events active now or within 3 hours.</summary>
    public static FeatureView BayEvents { get; } = new(
        "bay_events", "parking_bay_id", TimeSpan.FromHours(1),
        [
            FeatureField.Num("events_next_3h", "announced events within 5 km overlapping [hour, hour + 4h)"),
            FeatureField.Num("events_in_progress", "of which overlapping this hour"),
            FeatureField.Num("attendance_next_3h", "their total attendance"),
            FeatureField.Num("attendance_weighted_next_3h", "attendance / (1 + distance_km), summed"),
            FeatureField.Num("nearest_event_km", "distance to the nearest of them"),
            FeatureField.Num("transit_disruption_next_3h", "1 if one of them is a transit disruption"),
        ],
        // One row per bay per hour with a known event nearby; with a 1 h TTL an hour without a row reads
        // as missing, which models take as "no event".
        new FeatureSource(GoldTables.PublicEventsCalendar, """
            WITH e AS (
                SELECT * FROM {public_events_calendar}
                QUALIFY row_number() OVER (PARTITION BY event_id, parking_bay_id ORDER BY created_ts DESC) = 1),
            g AS (
                SELECT *, unnest(generate_series(date_trunc('hour', starts_at) - INTERVAL 3 HOUR, ends_at, INTERVAL 1 HOUR)) AS hour_start FROM e)
            SELECT parking_bay_id, hour_start AS event_ts, max(created_ts) AS created_ts,
                   CAST(count(*) AS DOUBLE) AS events_next_3h,
                   CAST(count(*) FILTER (starts_at < hour_start + INTERVAL 1 HOUR) AS DOUBLE) AS events_in_progress,
                   CAST(sum(attendance) AS DOUBLE) AS attendance_next_3h,
                   sum(attendance / (1 + distance_km)) AS attendance_weighted_next_3h,
                   min(distance_km) AS nearest_event_km,
                   max(CASE WHEN kind = 'transit_disruption' THEN 1.0 ELSE 0.0 END) AS transit_disruption_next_3h
            FROM g
            WHERE event_ts <= hour_start AND starts_at < hour_start + INTERVAL 4 HOUR AND ends_at > hour_start
            GROUP BY parking_bay_id, hour_start
            """), Owner, "public_events_calendar aggregated per bay and hour, counting only events announced by then.");

    /// <summary>Every built-in view.</summary>
    public static IReadOnlyList<FeatureView> Views { get; } =
        [CustomerDrivingBehavior, CustomerDrivingTrends, CustomerRiskIndicators, CustomerDrivingHistory, CustomerRiskProfile, CustomerProfile, CustomerIncidentHistory, ClaimsEnriched, BayDemandLags, WeatherFeatures, BayWeather, BayEvents,
         .. DemandViews.Views];

    /// <summary>
    /// CRAI (customer risk): 5 features, one per driver of the risk — exposure known in advance (log declared rental
    /// frequency) and driven (log km over 90 days), and the driver's propensity as seen in 270 days of driving (log mean
    /// jerk, log driver-caused harsh events per 100 km, log residential excess speed).
    /// <para>Deliberately compact (docs/training.md, "CRAI features"): with a few hundred incidents per thousand
    /// customers, every extra weight a learner estimates from the labels costs more than the feature brings; the other
    /// views stay registered for other services.</para>
    /// </summary>
    public static FeatureService Crai { get; } = new("crai",
        [
            new(CustomerRiskIndicators.Name, ["log_km_90d"]),
            new(CustomerRiskProfile.Name, ["log_rental_frequency"]),
            new(CustomerDrivingHistory.Name, ["log_abs_jerk_270d", "log_harsh_events_per_100km_270d", "log_residential_excess_270d"]),
        ],
        "Customer risk: probability of an incident in the next 30 days.", Owner);

    /// <summary>Claims triage: claim attributes plus the customer's history and profile (keys claim_id, customer_id).</summary>
    public static FeatureService ClaimsTriage { get; } = new("claims_triage",
        [new(ClaimsEnriched.Name), new(CustomerIncidentHistory.Name), new(CustomerProfile.Name, ["age_years", "years_licensed", "tenure_days", "region"])],
        "Claims triage: low risk (auto-approve) or high risk (review).", Owner);

    /// <summary>
    /// Claim frequency per customer and 30-day period: the CRAI views as of the period start (the same
    /// driving, trend, profile and history inputs, kept as a separate service so each can change alone).
    /// </summary>
    public static FeatureService ClaimsFrequency { get; } = new("claims_frequency",
        [new(CustomerDrivingBehavior.Name), new(CustomerDrivingTrends.Name), new(CustomerProfile.Name), new(CustomerIncidentHistory.Name)],
        "Claim frequency: expected claims per customer-year over the next 30 days.", Owner);

    /// <summary>
    /// Claim severity at first notice (keys claim_id, customer_id): what is known when a claim is
    /// reported except the amount claimed, which would turn the model into "paid ≈ claimed"; the
    /// customer's profile and long-run driving style.
    /// </summary>
    public static FeatureService ClaimsSeverity { get; } = new("claims_severity",
        [
            new(ClaimsEnriched.Name, ["claim_type", "policy_tenure_months", "prior_claims", "report_delay_hours", "description_flag_words", "incident_hour_local", "incident_at_night"]),
            new(CustomerProfile.Name, ["age_years", "years_licensed", "region"]),
            new(CustomerDrivingBehavior.Name, ["km_90d", "speeding_share_arterial_90d", "speeding_share_highway_90d", "mean_excess_speed_residential_90d", "night_share_90d"]),
        ],
        "Claim severity: expected paid amount of a reported claim.", Owner);

    /// <summary>
    /// Demand per bay per 15-minute bucket, for any target bucket in the next 24 hours (keys parking_bay_id,
    /// bay_slot, bay_qod, bay_bucket: see <see cref="DemandTargets"/>). Weather is the latest observed at the
    /// forecast time: the world has no weather forecast. The description names how <c>bay_demand_expected</c> is computed, so
    /// a registry that served the POI-set pooling moves to a new service version (a model records the version it was trained on).
    /// <c>expected_pool_bookings</c> stays in its view but not in the service: it is a count over a window that is still filling
    /// while the data is younger than a year, so its scale drifts with the data's age rather than with demand, and a model
    /// fitted on older rows over-predicted newer ones (development block: R² 0.07758 → 0.07764 without it).
    /// </summary>
    public static FeatureService Demand { get; } = new("demand",
        [
            .. DemandViews.Views.Select(v => v == DemandViews.BayDemandExpected
                ? new FeatureServiceSelection(v.Name, ["expected_rate", "expected_log_rate"])
                : new FeatureServiceSelection(v.Name)),
            new(BayWeather.Name),
        ],
        "Bookings per bay in a 15-minute bucket up to 24 hours ahead of the forecast time; expected rate from the additive POI fit, without the POI set's booking count.", Owner);

    /// <summary>Every built-in service.</summary>
    public static IReadOnlyList<FeatureService> Services { get; } = [Crai, ClaimsTriage, Demand, ClaimsFrequency, ClaimsSeverity];
}
