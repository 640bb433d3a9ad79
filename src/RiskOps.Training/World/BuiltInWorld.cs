using DuckDB.NET.Data;
using RiskOps.Core.Lakehouse;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Features;
using RiskOps.Features.Definitions;
using RiskOps.Features.Offline;
using RiskOps.Training.Data;
using RiskOps.Training.Modeling;
using RiskOps.Training.Specs;

namespace RiskOps.Training.World;

/// <summary>
/// Builds the built-in models' training sets: labels from gold (docs/data-contract.md, "Labels"),
/// features from the feature store's point-in-time offline retrieval, and — for evaluation only —
/// the oracle from the simulator's ground truth when it exists.
/// </summary>
public static class BuiltInWorld
{
    /// <summary>Days between CRAI observation dates per customer.</summary>
    public const int CraiObservationStepDays = 7;

    /// <summary>
    /// Days of data before the first CRAI observation: the longest driving window (90 days). Earlier observations would
    /// see 90-day aggregates of a partly empty window (km_90d growing with the data's age, not the driver's habits), so
    /// features would drift with time and models would learn the start of the data.
    /// </summary>
    public const int CraiHistoryDays = 90;

    /// <summary>Days after the end of the data during which incidents may still be unreported; CRAI labels stop this much earlier.</summary>
    public const int ReportingLagMarginDays = 14;

    /// <summary>Most demand rows sampled by default (every bay, evenly spaced target buckets): the whole default world.</summary>
    public const int DemandMaxRows = 750_000;

    /// <summary>The demand feature holding the bay's typical level, against which surge classes are defined.</summary>
    public const string DemandTypicalLevel = "bay_mean_28d";

    /// <summary>Length of a claim-frequency exposure period; periods of one customer never overlap.</summary>
    public const int ClaimsFrequencyPeriodDays = 30;

    /// <summary>Seconds in an exposure year (365.25 days): claim frequency is per customer-year.</summary>
    public const double SecondsPerYear = 365.25 * 86_400;

    /// <summary>
    /// The name a built-in model registers (and is served) under: the name of the feature service it
    /// consumes — <c>crai</c>, <c>claims_triage</c>, <c>claims_frequency</c>, <c>claims_severity</c> or <c>demand</c>.
    /// </summary>
    public static string ModelName(BuiltInModel model) => model switch
    {
        BuiltInModel.Crai => "crai",
        BuiltInModel.Claims => "claims_triage",
        BuiltInModel.ClaimsFrequency => "claims_frequency",
        BuiltInModel.ClaimsSeverity => "claims_severity",
        _ => "demand",
    };

    /// <summary>
    /// How far after an observation its label reaches, for purged validation: CRAI and claim frequency 30 days,
    /// demand one day (a target is up to 24 hours after its forecast time), per-claim labels none.
    /// </summary>
    public static TimeSpan? LabelHorizon(BuiltInModel model) => model switch
    {
        BuiltInModel.Crai => TimeSpan.FromDays(30),
        BuiltInModel.ClaimsFrequency => TimeSpan.FromDays(ClaimsFrequencyPeriodDays),
        BuiltInModel.Demand => TimeSpan.FromDays(1),
        _ => null,
    };

    /// <summary>
    /// The learners searched for a built-in model when none is named (empty: every learner supporting the task). CRAI: the
    /// GLM only. Its long-run driving features are nearly constant per customer, so trees fit individual customers (weekly
    /// observations of the same 1,000 drivers) and their cross-validation scores are noise: over six searches of the default
    /// and two other worlds the GLM had the best holdout AUC every time, while trees won cross-validation once and then lost
    /// the holdout by 0.07 (docs/benchmarks.md). <c>--trainer</c> still runs any learner.
    /// </summary>
    public static IReadOnlyList<TrainerKind> DefaultTrainers(BuiltInModel model) => model == BuiltInModel.Crai ? [TrainerKind.Glm] : [];

    /// <summary>The task of a built-in model.</summary>
    public static ModelTask TaskOf(BuiltInModel model) => model switch
    {
        BuiltInModel.ClaimsSeverity => ModelTask.Regression,
        // Demand is a count per bucket: a Poisson objective (exposure one bucket), which fits the multiplicative
        // structure of demand (bay level × time of day × weather × events) through its log link.
        BuiltInModel.ClaimsFrequency or BuiltInModel.Demand => ModelTask.PoissonWithExposure,
        _ => ModelTask.Binary,
    };

    /// <summary>
    /// Builds a built-in model's training set: labels from gold, point-in-time features from the feature store,
    /// and the oracle from ground truth when it exists. <paramref name="demandRows"/> caps the demand sample
    /// (default <see cref="DemandMaxRows"/>).
    /// </summary>
    public static async Task<BuiltInDataset> BuildAsync(DataLayout layout, BuiltInModel model, CancellationToken cancellationToken, int? demandRows = null)
    {
        var workDir = Path.Combine(layout.RunsDir, "datasets");
        Directory.CreateDirectory(workDir);
        var name = model.ToString().ToLowerInvariant();
        var entityPath = Path.Combine(workDir, $"{name}-entities.parquet");
        var featuresPath = Path.Combine(workDir, $"{name}-training.parquet");

        var service = ModelName(model);
        var tables = model switch
        {
            BuiltInModel.Crai => new[] { GoldTables.CustomerDrivingBehavior, GoldTables.CustomerProfile, GoldTables.CustomerIncidentHistory, GoldTables.ClaimsEnriched },
            BuiltInModel.Claims => new[] { GoldTables.ClaimsEnriched, GoldTables.CustomerIncidentHistory, GoldTables.CustomerProfile },
            BuiltInModel.ClaimsFrequency => new[] { GoldTables.CustomerDrivingBehavior, GoldTables.CustomerProfile, GoldTables.CustomerIncidentHistory, GoldTables.ClaimsEnriched },
            BuiltInModel.ClaimsSeverity => new[] { GoldTables.ClaimsEnriched, GoldTables.CustomerProfile, GoldTables.CustomerDrivingBehavior },
            _ => new[] { GoldTables.ParkingBayDemandHistory, GoldTables.WeatherFeatures, GoldTables.PublicEventsCalendar, GoldTables.Bays },
        };
        foreach (var table in tables)
        {
            if (!Directory.Exists(layout.GoldTableDir(table)))
            {
                throw new TrainingDataException($"gold table '{table}' does not exist under {layout.GoldDir}; run `riskops etl` first");
            }
        }

        DateTimeOffset asOf;
        await using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, "SET TimeZone = 'UTC'", cancellationToken);
            if (model == BuiltInModel.Demand)
            {
                await DemandEntitiesAsync(connection, layout, entityPath, demandRows ?? DemandMaxRows, cancellationToken);
            }
            else
            {
                var labelSql = model switch
                {
                    BuiltInModel.Crai => CraiEntities(layout),
                    BuiltInModel.ClaimsFrequency => ClaimsFrequencyEntities(layout),
                    BuiltInModel.ClaimsSeverity => ClaimsSeverityEntities(layout),
                    _ => ClaimsEntities(layout),
                };
                await ExecuteAsync(connection, $"COPY ({labelSql}) TO '{Escape(entityPath)}' (FORMAT parquet)", cancellationToken);
            }
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*), max(\"timestamp\") FROM read_parquet('{Escape(entityPath)}')";
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetInt64(0) == 0)
            {
                throw new TrainingDataException($"no labelled {name} rows could be built from gold (too little history?)");
            }
            asOf = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc));
        }

        HistoricalFeaturesResult features;
        using (var store = FeatureStore.Open(layout))
        {
            await store.ApplyBuiltInsAsync(cancellationToken);
            features = await store.GetHistoricalFeaturesAsync(
                HistoricalFeaturesRequest.ForEntityRows(service, entityPath, featuresPath), cancellationToken);
        }

        var spec = new DatasetSpec
        {
            Name = name,
            Data = features.Path,
            Target = "label",
            Task = TaskOf(model) switch
            {
                ModelTask.Regression => "regression",
                ModelTask.PoissonWithExposure => "poisson-with-exposure",
                _ => "binary",
            },
            Exposure = model switch
            {
                BuiltInModel.ClaimsFrequency => "exposure_years",
                BuiltInModel.Demand => "exposure",
                _ => null,
            },
            Time = "timestamp",
            Id = "obs_id",
            // Demand also takes the inputs computed from the request (horizon, calendar of the target, bay attributes).
            Numeric = [.. features.Features.Where(f => f.Kind == FeatureKind.Numeric).Select(f => f.Name),
                       .. model == BuiltInModel.Demand ? DemandTargets.RequestFeatures : []],
            Categorical = [.. features.Features.Where(f => f.Kind == FeatureKind.Categorical).Select(f => f.Name)],
            FairnessGroups = model == BuiltInModel.Demand ? [] : ["region_group"],
            CostColumn = model == BuiltInModel.Claims ? "claim_amount" : null,
            // Entity rows are written in time order and the feature store keeps that order, so the
            // backwards-time check stays on: it would catch a reordering.
            AllowUnsortedTime = false,
        };
        var loaded = await DatasetReader.ReadAsync(spec, cancellationToken);
        (loaded.Data.Oracle, loaded.Data.ClairvoyantOracle) = await OracleAsync(layout, model, entityPath, loaded.Data, cancellationToken);
        if (model == BuiltInModel.Demand && loaded.Data.Numeric.TryGetValue(DemandTypicalLevel, out var typical))
        {
            loaded.Data.TypicalLevel = typical;
        }
        if (model == BuiltInModel.Demand)
        {
            FillAbsentEvents(loaded.Data);
            if (loaded.Data.Oracle is not null && FindTruth(layout, "bay_demand_rate") is { } rates)
            {
                loaded.Data.ExAnteOracle = await TruthAsync(DemandExAnteOracleSql(layout, entityPath, rates), loaded.Data, cancellationToken);
            }
        }
        var reference = new TrainingDataReference(tables, asOf, loaded.Data.RowCount, features.Path);
        return new BuiltInDataset(service, loaded, reference, features.Service, features.ServiceVersion);
    }

    /// <summary>A bucket without a bay_events_ahead row has no announced event near it: its event features read as "none", as serving reads them.</summary>
    private static void FillAbsentEvents(TabularData data)
    {
        foreach (var (feature, absent) in DemandTargets.AbsentEventValues)
        {
            if (data.Numeric.TryGetValue(feature, out var column))
            {
                for (var i = 0; i < column.Length; i++)
                {
                    if (double.IsNaN(column[i]))
                    {
                        column[i] = absent;
                    }
                }
            }
        }
    }

    /// <summary>
    /// One observation per customer every 7 days, from <see cref="CraiHistoryDays"/> after the first driving day (so every
    /// window is full) to 30 + 14 days before the end of the data (the label window plus a reporting-lag
    /// margin). Label: a claim whose incident (reported_at − report delay) falls in (t, t + 30 days].
    /// </summary>
    private static string CraiEntities(DataLayout layout)
    {
        var driving = Glob(layout, GoldTables.CustomerDrivingBehavior);
        var claims = Glob(layout, GoldTables.ClaimsEnriched);
        return $"""
            WITH bounds AS (
                SELECT min(event_ts) AS first_ts,
                       greatest(max(event_ts), (SELECT max(event_ts) FROM read_parquet('{claims}', union_by_name = true))) AS last_ts
                FROM read_parquet('{driving}', union_by_name = true)),
            customers AS (SELECT DISTINCT customer_id FROM read_parquet('{driving}', union_by_name = true)),
            dates AS (
                SELECT unnest(generate_series(date_trunc('day', first_ts) + INTERVAL {CraiHistoryDays} DAY,
                                              last_ts - INTERVAL {30 + ReportingLagMarginDays} DAY,
                                              INTERVAL {CraiObservationStepDays} DAY)) AS t
                FROM bounds),
            incidents AS (
                SELECT customer_id, event_ts - to_microseconds(CAST(coalesce(report_delay_hours, 0) * 3600000000 AS BIGINT)) AS incident_at
                FROM read_parquet('{claims}', union_by_name = true)),
            {RegionsCte(layout)}
            SELECT c.customer_id || '@' || strftime(d.t, '%Y-%m-%d') AS obs_id, c.customer_id, d.t AS "timestamp",
                   CASE WHEN EXISTS (SELECT 1 FROM incidents i WHERE i.customer_id = c.customer_id
                                     AND i.incident_at > d.t AND i.incident_at <= d.t + INTERVAL 30 DAY) THEN 1 ELSE 0 END AS label,
                   coalesce(r.region, '(unknown)') AS region_group
            FROM customers c CROSS JOIN dates d LEFT JOIN regions r USING (customer_id)
            ORDER BY d.t, c.customer_id
            """;
    }

    /// <summary>Decided claims at their report time; label 1 when rejected or fraud-confirmed.</summary>
    private static string ClaimsEntities(DataLayout layout)
    {
        return $"""
            WITH {RegionsCte(layout)},
            {LatestClaimsCte(layout, "amount_eur")}
            SELECT l.claim_id AS obs_id, l.claim_id, l.customer_id, l.event_ts AS "timestamp",
                   CASE WHEN l.outcome IN ('fraud_confirmed', 'rejected') THEN 1 ELSE 0 END AS label,
                   l.amount_eur AS claim_amount, coalesce(r.region, '(unknown)') AS region_group
            FROM latest l LEFT JOIN regions r USING (customer_id)
            WHERE l.outcome IS NOT NULL
            ORDER BY l.event_ts, l.claim_id
            """;
    }

    /// <summary>
    /// Claim frequency: one row per customer per 30-day period (t, t + 30 days], periods back to back
    /// from 30 days after the first driving day (so the driving windows have history) up to 14 days
    /// before the end of the data (reporting lag). Label = claims (deduplicated by claim_id, latest
    /// version) whose incident (reported_at − report delay) falls in the period. Exposure = years the
    /// customer held a contract during the period (from signup, derived from customer_profile as
    /// event_ts − tenure_days); a period ending before signup is not a row. Km driven is a feature (as
    /// of t), not the exposure: parked-vehicle and fabricated claims do not scale with km, and the
    /// period's km is unknown when a price is quoted (docs/training.md, "Claim frequency").
    /// </summary>
    private static string ClaimsFrequencyEntities(DataLayout layout)
    {
        var driving = Glob(layout, GoldTables.CustomerDrivingBehavior);
        var claims = Glob(layout, GoldTables.ClaimsEnriched);
        var profile = Glob(layout, GoldTables.CustomerProfile);
        var days = ClaimsFrequencyPeriodDays;
        return $"""
            WITH claims AS (
                SELECT claim_id, arg_max(customer_id, created_ts) AS customer_id, arg_max(event_ts, created_ts) AS reported_at,
                       arg_max(event_ts - to_microseconds(CAST(coalesce(report_delay_hours, 0) * 3600000000 AS BIGINT)), created_ts) AS incident_at
                FROM read_parquet('{claims}', union_by_name = true) GROUP BY claim_id),
            customers AS (
                SELECT customer_id, min(event_ts - to_microseconds(CAST(coalesce(tenure_days, 0) * 86400000000 AS BIGINT))) AS signup_at,
                       arg_max(region, event_ts) AS region
                FROM read_parquet('{profile}', union_by_name = true) GROUP BY customer_id),
            bounds AS (
                SELECT min(event_ts) AS first_ts, greatest(max(event_ts), (SELECT max(reported_at) FROM claims)) AS last_ts
                FROM read_parquet('{driving}', union_by_name = true)),
            starts AS (
                SELECT unnest(generate_series(date_trunc('day', first_ts) + INTERVAL {days} DAY,
                                              last_ts - INTERVAL {days + ReportingLagMarginDays} DAY,
                                              INTERVAL {days} DAY)) AS t
                FROM bounds),
            periods AS (
                SELECT c.customer_id, c.region, s.t, s.t + INTERVAL {days} DAY AS t_end, greatest(s.t, c.signup_at) AS from_ts
                FROM customers c CROSS JOIN starts s
                WHERE c.signup_at < s.t + INTERVAL {days} DAY),
            counts AS (
                SELECT p.customer_id, p.t, count(c.claim_id) AS claims
                FROM periods p LEFT JOIN claims c
                  ON c.customer_id = p.customer_id AND c.incident_at > p.from_ts AND c.incident_at <= p.t_end
                GROUP BY p.customer_id, p.t)
            SELECT p.customer_id || '@' || strftime(p.t, '%Y-%m-%d') AS obs_id, p.customer_id, p.t AS "timestamp",
                   CAST(n.claims AS DOUBLE) AS label,
                   epoch(p.t_end - p.from_ts) / {SecondsPerYear} AS exposure_years, coalesce(p.region, '(unknown)') AS region_group
            FROM periods p JOIN counts n USING (customer_id, t)
            ORDER BY p.t, p.customer_id
            """;
    }

    /// <summary>
    /// Claim severity: one row per claim decided <c>paid</c> with paid_eur &gt; 0 (the insurer's loss;
    /// rejected and fraud-confirmed claims, most fabricated ones among them, pay nothing and are left out),
    /// at its report time. Label = paid_eur. The claimed amount is not a feature (see claims_severity).
    /// </summary>
    private static string ClaimsSeverityEntities(DataLayout layout)
    {
        return $"""
            WITH {RegionsCte(layout)},
            {LatestClaimsCte(layout, "paid_eur")}
            SELECT l.claim_id AS obs_id, l.claim_id, l.customer_id, l.event_ts AS "timestamp", l.paid_eur AS label,
                   coalesce(r.region, '(unknown)') AS region_group
            FROM latest l LEFT JOIN regions r USING (customer_id)
            WHERE l.outcome = 'paid' AND l.paid_eur > 0
            ORDER BY l.event_ts, l.claim_id
            """;
    }

    /// <summary>
    /// Multi-horizon demand observations: sampled (bay, target bucket) pairs, each with a horizon h of 0–95
    /// buckets (a hash of the pair, so re-runs pick the same) and the forecast time t = target − h × 15 min
    /// as the observation timestamp. Targets start 29 days after the first bucket (so the 28-day history
    /// features are complete) and stop one day before the last (the last day is still receiving late rows).
    /// Label: booked bookings in the target bucket (exposure 1 bucket). Keys and request inputs come from <see cref="DemandTargets"/>,
    /// the code serving uses.
    /// </summary>
    private static async Task DemandEntitiesAsync(DuckDBConnection connection, DataLayout layout, string entityPath, int maxRows, CancellationToken cancellationToken)
    {
        var bays = await ReadDemandBaysAsync(connection, layout, cancellationToken);
        var demand = Glob(layout, GoldTables.ParkingBayDemandHistory);
        var columns = string.Join(", ", DemandTargets.RequestFeatures.Select(f => $"{f} DOUBLE"));
        await ExecuteAsync(connection, $"""
            CREATE TEMP TABLE demand_obs (obs_id VARCHAR, parking_bay_id VARCHAR, bay_slot VARCHAR, bay_qod VARCHAR, bay_profile VARCHAR, bay_dow_profile VARCHAR, bay_expected VARCHAR, bay_bucket VARCHAR,
                                          "timestamp" TIMESTAMP, target_bucket TIMESTAMP, label DOUBLE, exposure DOUBLE, {columns})
            """, cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                WITH d AS (
                    SELECT parking_bay_id, bucket_start, arg_max(bookings, created_ts) AS bookings
                    FROM read_parquet('{demand}', union_by_name = true) GROUP BY ALL),
                span AS (SELECT min(bucket_start) + INTERVAL 29 DAY AS lo, max(bucket_start) - INTERVAL 1 DAY AS hi FROM d),
                kept AS (SELECT d.* FROM d, span WHERE bucket_start >= lo AND bucket_start < hi),
                n AS (SELECT count(*) AS rows FROM kept),
                numbered AS (SELECT *, row_number() OVER (ORDER BY bucket_start, parking_bay_id) AS k FROM kept)
                SELECT parking_bay_id, bucket_start, CAST(bookings AS DOUBLE), CAST(hash(parking_bay_id, bucket_start) % {DemandTargets.HorizonBuckets} AS INTEGER)
                FROM numbered, n
                WHERE k % greatest(1, CAST(ceil(n.rows / {Math.Max(1, maxRows)}.0) AS BIGINT)) = 0
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            using var appender = connection.CreateAppender("demand_obs");
            while (await reader.ReadAsync(cancellationToken))
            {
                var bayId = reader.GetString(0);
                if (!bays.TryGetValue(bayId, out var bay))
                {
                    continue; // a bay without a dimension row has no attributes to forecast from; counted below
                }
                var target = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
                var forecast = target - (DemandTargets.Bucket * reader.GetInt32(3));
                var row = appender.CreateRow()
                    .AppendValue(bayId + "@" + target.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture))
                    .AppendValue(bayId).AppendValue(DemandTargets.SlotKey(bayId, target)).AppendValue(DemandTargets.QuarterKey(bayId, target))
                    .AppendValue(DemandTargets.ProfileKey(bayId, target)).AppendValue(DemandTargets.WeekdayProfileKey(bayId, target))
                    .AppendValue(DemandTargets.ExpectedKey(bay, target))
                    .AppendValue(DemandTargets.BucketKey(bayId, target)).AppendValue(forecast).AppendValue(target).AppendValue(reader.GetDouble(2))
                    .AppendValue(1.0);
                foreach (var value in DemandTargets.RequestValues(bay, forecast, target))
                {
                    row.AppendValue(value);
                }
                row.EndRow();
            }
        }
        await ExecuteAsync(connection, $"COPY (SELECT * FROM demand_obs ORDER BY \"timestamp\", parking_bay_id, target_bucket) TO '{Escape(entityPath)}' (FORMAT parquet)", cancellationToken);
    }

    /// <summary>Every bay's static attributes from the gold <c>bays</c> and <c>cities</c> dimensions (latest load).</summary>
    public static async Task<Dictionary<string, DemandBay>> ReadDemandBaysAsync(DuckDBConnection connection, DataLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(layout);
        var bays = new Dictionary<string, DemandBay>(StringComparer.Ordinal);
        // Without a cities dimension every bay is taken to be on UTC.
        var cities = Directory.Exists(layout.GoldTableDir(GoldTables.Cities))
            ? $"SELECT city, arg_max(utc_offset_minutes, created_ts) AS utc_offset_minutes FROM read_parquet('{Glob(layout, GoldTables.Cities)}', union_by_name = true) GROUP BY ALL"
            : "SELECT CAST(NULL AS VARCHAR) AS city, CAST(NULL AS INTEGER) AS utc_offset_minutes";
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH b AS (SELECT parking_bay_id, arg_max(city, created_ts) AS city, arg_max(capacity, created_ts) AS capacity, arg_max(poi, created_ts) AS poi
                       FROM read_parquet('{Glob(layout, GoldTables.Bays)}', union_by_name = true) GROUP BY ALL),
                 c AS ({cities})
            SELECT b.parking_bay_id, CAST(coalesce(c.utc_offset_minutes, 0) AS INTEGER), CAST(b.capacity AS DOUBLE), CAST(b.poi AS VARCHAR)
            FROM b LEFT JOIN c USING (city)
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            bays[id] = new DemandBay(id, reader.GetInt32(1), reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2),
                DemandBay.ParsePois(reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return bays;
    }

    /// <summary>
    /// The ground truth for the same rows. CRAI: 1 − Π(1 − q) over the days in (t, t + 30 days], where q is the
    /// ex-ante daily claim hazard (<c>customer_expected_daily_hazard.claim_hazard</c>: what the simulator's model
    /// expects before the trips are drawn — the honest bound for a predictor that sees only the past); the realized
    /// claim hazard of the trips that happened (<c>customer_daily_hazard.claim_hazard</c>) is returned as the clairvoyant reference. A world
    /// written before the ex-ante file existed scores against the realized hazard. Demand: the true Poisson rate of
    /// the bucket. Claim frequency: the customer's expected claims per year (below). Triage and severity have no
    /// comparable oracle. Null without ground truth.
    /// </summary>
    /// <remarks>
    /// Frequency: the mean daily hazard of the customer over the whole simulated window × 365.25 is the
    /// expected number of incidents per year, and an incident becomes a claim at the world's
    /// claims-per-incident ratio (claims.csv rows, fabricated ones included, over incidents.csv rows).
    /// This is an <em>ex-ante</em> oracle: it knows the latent risk and the usual usage, not which trips
    /// the period happened to contain.
    /// </remarks>
    private static async Task<(double[]? Oracle, double[]? Clairvoyant)> OracleAsync(DataLayout layout, BuiltInModel model, string entityPath, TabularData data, CancellationToken cancellationToken)
    {
        if (data.Ids is null || model is BuiltInModel.Claims or BuiltInModel.ClaimsSeverity)
        {
            return (null, null);
        }
        if (model == BuiltInModel.ClaimsFrequency)
        {
            if (FindTruth(layout, "customer_daily_hazard") is not { } hazard
                || FindTruth(layout, "claims") is not { } claimsFile || FindTruth(layout, "incidents") is not { } incidentsFile)
            {
                return (null, null);
            }
            return (await TruthAsync($"""
                WITH k AS (SELECT CAST((SELECT count(*) FROM {Source(claimsFile)}) AS DOUBLE) / greatest(1, (SELECT count(*) FROM {Source(incidentsFile)})) AS claims_per_incident),
                h AS (SELECT customer_id, avg(hazard) AS daily FROM {Source(hazard)} GROUP BY customer_id)
                SELECT e.obs_id, h.daily * 365.25 * k.claims_per_incident AS p
                FROM read_parquet('{Escape(entityPath)}') e CROSS JOIN k JOIN h ON h.customer_id = e.customer_id
                """, data, cancellationToken), null);
        }
        if (model == BuiltInModel.Demand)
        {
            var rates = FindTruth(layout, "bay_demand_rate");
            return rates is null ? (null, null) : (await TruthAsync($"""
                SELECT e.obs_id, h.expected_bookings AS p
                FROM read_parquet('{Escape(entityPath)}') e JOIN {Source(rates)} h
                  ON h.parking_bay_id = e.parking_bay_id AND CAST(h.bucket_start AS TIMESTAMPTZ) = CAST(e.target_bucket AS TIMESTAMPTZ)
                """, data, cancellationToken), null);
        }
        var realized = FindTruth(layout, "customer_daily_hazard");
        var expected = FindTruth(layout, "customer_expected_daily_hazard");
        // Older worlds' realized file has no claim_hazard column: their incident hazard stands in.
        var clairvoyant = realized is null ? null
            : await TruthAsync(CraiWindowSql(entityPath, realized, HasColumn(realized, "claim_hazard") ? "claim_hazard" : "hazard"), data, cancellationToken);
        return expected is null
            ? (clairvoyant, null)
            : (await TruthAsync(CraiWindowSql(entityPath, expected, "claim_hazard"), data, cancellationToken), clairvoyant);
    }

    /// <summary>
    /// The demand oracle as a forecaster at t could know it: the true rate of the target bucket with the simulator's
    /// weather factor of the target hour (× 1.25 when raining, × 1.1 below 0 °C; docs/simulator.md) replaced by its
    /// expectation given the weather last observed at t. The expectation is the city's climate: the mean factor
    /// k hours after every observed hour in the same state (raining, freezing), for the same UTC hour of the target
    /// (temperature has a daily cycle). Weather from gold; a row without an observation before t or a target hour
    /// without weather keeps the plain rate.
    /// </summary>
    private static string DemandExAnteOracleSql(DataLayout layout, string entityPath, string rates) => $"""
        WITH w AS (
            SELECT city, CAST(hour_start AS TIMESTAMPTZ) AS hour_start, CAST(event_ts AS TIMESTAMPTZ) AS event_ts,
                   rain_mm >= 0.1 AS wet, temperature_c < 0 AS cold,
                   (CASE WHEN rain_mm >= 0.1 THEN 1.25 ELSE 1.0 END) * (CASE WHEN temperature_c < 0 THEN 1.1 ELSE 1.0 END) AS f
            FROM read_parquet('{Glob(layout, GoldTables.WeatherFeatures)}', union_by_name = true)
            WHERE rain_mm IS NOT NULL AND temperature_c IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY city, hour_start ORDER BY created_ts DESC) = 1),
        climate AS (
            -- The hour k ahead is computed before the join so that both keys are plain columns: with the sum in the join
            -- condition DuckDB joined on city alone and filtered every pair of a city's hours (minutes on a 270-day world).
            SELECT a.city, a.k, a.wet, a.cold, hour(b.hour_start) AS target_hour, avg(b.f) AS ef
            FROM (SELECT w.city, w.wet, w.cold, r.k, w.hour_start + r.k * INTERVAL 1 HOUR AS ahead FROM w CROSS JOIN range(0, 30) AS r(k)) a
            JOIN w b ON b.city = a.city AND b.hour_start = a.ahead
            GROUP BY ALL),
        e AS (
            SELECT e.obs_id, e.parking_bay_id, CAST(e."timestamp" AS TIMESTAMPTZ) AS t, CAST(e.target_bucket AS TIMESTAMPTZ) AS target, b.city
            FROM read_parquet('{Escape(entityPath)}') e
            JOIN (SELECT DISTINCT parking_bay_id, city FROM read_parquet('{Glob(layout, GoldTables.Bays)}', union_by_name = true)) b USING (parking_bay_id)),
        known AS (
            SELECT e.*, w.hour_start AS observed_hour, w.wet, w.cold FROM e ASOF LEFT JOIN w ON w.city = e.city AND w.event_ts <= e.t),
        x AS (
            SELECT known.*, tw.f AS target_f FROM known LEFT JOIN w tw ON tw.city = known.city AND tw.hour_start = date_trunc('hour', known.target))
        SELECT x.obs_id, h.expected_bookings * coalesce(c.ef / x.target_f, 1.0) AS p
        FROM x JOIN {Source(rates)} h ON h.parking_bay_id = x.parking_bay_id AND CAST(h.bucket_start AS TIMESTAMPTZ) = x.target
        LEFT JOIN climate c ON c.city = x.city AND c.wet = x.wet AND c.cold = x.cold AND c.target_hour = hour(x.target)
          AND c.k = CAST(epoch(date_trunc('hour', x.target) - x.observed_hour) / 3600 AS INTEGER)
        """;

    /// <summary>1 − Π(1 − daily probability) over the 30 days after each observation (days are the home city's local dates).</summary>
    private static string CraiWindowSql(string entityPath, string file, string column) => $"""
        SELECT e.obs_id, 1 - exp(sum(ln(greatest(1e-12, 1 - h.{column})))) AS p
        FROM read_parquet('{Escape(entityPath)}') e JOIN {Source(file)} h
          ON h.customer_id = e.customer_id AND CAST(h.day AS DATE) > CAST(e."timestamp" AS DATE)
         AND CAST(h.day AS DATE) <= CAST(e."timestamp" AS DATE) + INTERVAL 30 DAY
        GROUP BY e.obs_id
        """;

    private static bool HasColumn(string csvOrParquet, string column)
    {
        if (csvOrParquet.EndsWith(".parquet", StringComparison.Ordinal))
        {
            return true;
        }
        using var reader = new StreamReader(csvOrParquet);
        return (reader.ReadLine() ?? "").Split(',').Contains(column, StringComparer.Ordinal);
    }

    private static string Source(string file) =>
        file.EndsWith(".parquet", StringComparison.Ordinal) ? $"read_parquet('{Escape(file)}')" : $"read_csv('{Escape(file)}', header = true)";

    /// <summary>Runs a query of (obs_id, p) and lines it up with the rows; null unless every row has a value.</summary>
    private static async Task<double[]?> TruthAsync(string sql, TabularData data, CancellationToken cancellationToken)
    {
        var truth = new Dictionary<string, double>(StringComparer.Ordinal);
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "SET TimeZone = 'UTC'", cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            truth[reader.GetString(0)] = reader.GetDouble(1);
        }
        var oracle = new double[data.RowCount];
        for (var i = 0; i < oracle.Length; i++)
        {
            if (!truth.TryGetValue(data.Ids![i] ?? "", out oracle[i]))
            {
                // Without truth for every row the comparison would be on a different population: skip it.
                return null;
            }
        }
        return oracle;
    }

    private static string? FindTruth(DataLayout layout, string name) =>
        new[] { ".parquet", ".csv" }.Select(ext => Path.Combine(layout.GroundTruthDir, name + ext)).FirstOrDefault(File.Exists);

    /// <summary>The <c>regions</c> CTE: each customer's latest region (the fairness group).</summary>
    private static string RegionsCte(DataLayout layout) =>
        $"regions AS (SELECT customer_id, arg_max(region, event_ts) AS region FROM read_parquet('{Glob(layout, GoldTables.CustomerProfile)}', union_by_name = true) GROUP BY customer_id)";

    /// <summary>The <c>latest</c> CTE: each claim's latest version (by created_ts) with its customer, report time, outcome and <paramref name="amount"/>.</summary>
    private static string LatestClaimsCte(DataLayout layout, string amount) => $"""
        latest AS (
            SELECT claim_id, arg_max(customer_id, created_ts) AS customer_id, arg_max(event_ts, created_ts) AS event_ts,
                   arg_max(outcome, created_ts) AS outcome, arg_max({amount}, created_ts) AS {amount}
            FROM read_parquet('{Glob(layout, GoldTables.ClaimsEnriched)}', union_by_name = true) GROUP BY claim_id)
        """;

    private static string Glob(DataLayout layout, string table) => Escape(layout.GoldTableGlob(table));

    private static string Escape(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DuckDBException ex)
        {
            throw new TrainingDataException($"building the training set failed: {ex.Message.Split('\n')[0]}");
        }
    }
}
