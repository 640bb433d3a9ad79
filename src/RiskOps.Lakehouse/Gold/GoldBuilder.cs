using System.Globalization;
using RiskOps.Core.Lakehouse;
using RiskOps.Core.Storage;
using RiskOps.Lakehouse.Catalog;
using RiskOps.Lakehouse.Engine;
using RiskOps.Lakehouse.Silver;
using RiskOps.Lakehouse.Sources;

namespace RiskOps.Lakehouse.Gold;

/// <summary>
/// Silver → the gold tables of docs/data-contract.md, incrementally. A build reads only the silver files written since
/// the last build (silver is append-only, one file set per run):
/// <list type="bullet">
/// <item>customer_driving_behavior keeps per-customer per-day partial sums (<c>_gold_state/driving_daily</c>); the days
/// whose trips gained a trip, a telematics row or a weather/traffic hour are recomputed from silver, and only the change
/// points from the first such day up to 90 days later (and those the advancing horizon adds) are recomputed, from the
/// partials of the 90 days before them. The table holds one file per point day.</item>
/// <item>parking_bay_demand_history holds one file per bucket day; only the days with new bookings (and those the span of
/// buckets grows by) are recomputed.</item>
/// <item>every other table is small and rebuilt whole, only when one of its sources (or the horizon it depends on) changed.</item>
/// </list>
/// A full rebuild happens on <c>force</c>, on the first build, after retention, after a change of bays or cities, and
/// whenever the saved state does not match the catalog (an interrupted build). Whole tables are written to staging and
/// swapped in as directories; incremental tables replace their day files one rename at a time, and a build interrupted
/// among those renames is followed by a full rebuild.
/// </summary>
internal sealed class GoldBuilder(DataLayout layout, LakehouseCatalog catalog, DuckDbSession duck, TimeProvider time, Action<string>? faultPoint)
{
    /// <summary>The longest window: a partial day affects the change points up to this many days later.</summary>
    private const int MaxWindowDays = 90;

    /// <summary>
    /// Days of running sums kept before the horizon: the longest window plus a month of slack for late data. A change
    /// older than that (rare) needs sums that were pruned and triggers a rebuild from the partials.
    /// </summary>
    private const int RunningKeepDays = MaxWindowDays + 31;

    private readonly SilverStore _silver = new(layout);

    private string OldRoot => Path.Combine(layout.GoldDir, "_old");

    private string StateDir => Path.Combine(layout.LakehouseDir, "_gold_state");

    private string StateFile => Path.Combine(StateDir, "state.txt");

    private string PartialsDir => Path.Combine(StateDir, "driving_daily");

    private string TripStatsDir => Path.Combine(StateDir, "trip_stats");

    /// <summary>Per customer and day end, the sums of all the customer's partials up to that day (one dense folder per day).</summary>
    private string RunningDir => Path.Combine(StateDir, "driving_running");

    /// <summary>The running sums staged by the current build with the horizon they end at, committed with the partials.</summary>
    private (StagedPartials Running, DateTime? Horizon)? _pendingRunning;

    /// <summary>The per-trip statistics staged by the current build, committed with the partials.</summary>
    private StagedPartials? _pendingStats;

    private string Staging => Path.Combine(layout.LakehouseDir, "_staging", "gold");

    /// <summary>Puts back a table whose swap was interrupted, and drops staging leftovers.</summary>
    public void Recover()
    {
        if (Directory.Exists(OldRoot))
        {
            foreach (var old in Directory.EnumerateDirectories(OldRoot))
            {
                var live = Path.Combine(layout.GoldDir, Path.GetFileName(old));
                if (!Directory.Exists(live))
                {
                    Directory.Move(old, live);
                }
            }
            Directory.Delete(OldRoot, recursive: true);
        }
    }

    public IReadOnlyDictionary<string, long> Build(bool force, IProgress<LakehouseProgress>? progress, CancellationToken cancellationToken)
    {
        var lastRun = catalog.LastCommittedRun();
        var lastGold = catalog.LastGoldBuildRun();
        if (!force && lastRun <= lastGold)
        {
            return new Dictionary<string, long>();
        }
        var now = time.GetUtcNow();
        if (Directory.Exists(Staging))
        {
            Directory.Delete(Staging, recursive: true);
        }
        Directory.CreateDirectory(Staging);

        foreach (var source in SourceRegistry.All)
        {
            duck.Execute($"CREATE OR REPLACE TEMP VIEW s_{source.Name} AS SELECT * FROM {_silver.Current(source)}", cancellationToken);
            duck.Execute($"CREATE OR REPLACE TEMP VIEW s_{source.Name}_all AS SELECT * FROM {_silver.Relation(source)}", cancellationToken);
        }
        var horizon = duck.Scalar<DateTime?>($"""
            SELECT max(x) FROM (
                SELECT max({GoldSql.DayEnd("ended_at")}) AS x FROM s_trips
                UNION ALL SELECT max({GoldSql.DayEnd("reported_at")}) FROM s_claims)
            """, cancellationToken);
        var keepFrom = catalog.RetentionKeepFrom();
        var state = force ? null : GoldState.Load(StateFile);
        var full = state is null || state.LastSilverRun != lastGold || state.KeepFrom != keepFrom;
        var changed = full ? null : NewSilverFiles(lastGold);
        bool Changed(string source) => changed is null || changed.ContainsKey(source);

        var created = Sql.Timestamp(now);
        var horizonSql = horizon is { } h ? Ts(h) : "NULL::TIMESTAMP";
        var specs = GoldSql.Tables(created, horizonSql);
        var wholeTables = new List<string>();
        var replacements = new List<(string Dir, string Prefix, IReadOnlyList<string> NewFiles)>();
        var steps = specs.Count + 2;
        var step = 0;
        foreach (var spec in specs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new LakehouseProgress("gold", step++, steps, spec.Table));
            var stale = spec.Horizon switch
            {
                GoldHorizonUse.Month => Month(state?.Horizon) != Month(horizon),
                GoldHorizonUse.Exact => state?.Horizon != horizon,
                _ => false,
            };
            if (!full && !stale && !spec.Sources.Any(Changed) && Directory.Exists(layout.GoldTableDir(spec.Table)))
            {
                continue;
            }
            foreach (var statement in spec.Prepare)
            {
                duck.Execute(statement, cancellationToken);
            }
            var target = Path.Combine(Staging, spec.Table);
            Directory.CreateDirectory(target);
            duck.Execute($"COPY ({spec.Select}) TO {Sql.Literal(Path.Combine(target, "data.parquet"))} (FORMAT parquet, COMPRESSION zstd)", cancellationToken);
            wholeTables.Add(spec.Table);
        }

        progress?.Report(new LakehouseProgress("gold", step++, steps, GoldTables.CustomerDrivingBehavior));
        var drivingFull = full || Changed("bays") || Changed("cities") || !Directory.Exists(layout.GoldTableDir(GoldTables.CustomerDrivingBehavior));
        var partials = BuildDriving(drivingFull, changed, state?.Horizon, horizon, created, keepFrom, wholeTables, replacements, cancellationToken);

        progress?.Report(new LakehouseProgress("gold", step++, steps, GoldTables.ParkingBayDemandHistory));
        var parkingFull = full || Changed("bays") || state?.BookingsLo is null || !Directory.Exists(layout.GoldTableDir(GoldTables.ParkingBayDemandHistory));
        var span = BuildParking(parkingFull, changed, state, created, wholeTables, replacements, cancellationToken);

        duck.Execute(GoldSql.Cleanup, cancellationToken);
        faultPoint?.Invoke("gold:staged");

        // Whole tables: swapped in as directories (a reader sees the old or the new table).
        Directory.CreateDirectory(OldRoot);
        foreach (var table in wholeTables)
        {
            var live = layout.GoldTableDir(table);
            if (Directory.Exists(live))
            {
                Directory.Move(live, Path.Combine(OldRoot, table));
            }
            Directory.Move(Path.Combine(Staging, table), live);
        }
        Directory.Delete(OldRoot, recursive: true);

        // Day files of the incremental tables: each replaced by a rename.
        foreach (var (dir, prefix, files) in replacements)
        {
            Directory.CreateDirectory(dir);
            foreach (var old in Directory.EnumerateFiles(dir, prefix + "*.parquet").ToList())
            {
                File.Delete(old);
            }
            for (var i = 0; i < files.Count; i++)
            {
                File.Move(files[i], Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"{prefix}{i}.parquet")));
            }
            if (!Directory.EnumerateFileSystemEntries(dir).Any())
            {
                Directory.Delete(dir);
            }
        }
        partials.Commit();
        _pendingStats?.Commit();
        _pendingStats = null;
        if (_pendingRunning is ({ } running, { } keptTo))
        {
            running.Commit();
            running.Prune(keptTo.AddDays(-RunningKeepDays));
        }
        _pendingRunning = null;

        new GoldState(lastRun, keepFrom, horizon, span.Lo, span.Hi).Save(StateFile);
        Directory.Delete(Staging, recursive: true);
        catalog.RecordGoldBuild(lastRun, now);
        progress?.Report(new LakehouseProgress("gold", steps, steps, "done"));
        return CountRows(specs.Select(s => s.Table).Append(GoldTables.CustomerDrivingBehavior).Append(GoldTables.ParkingBayDemandHistory), cancellationToken);
    }

    /// <summary>
    /// Stages customer_driving_behavior: recomputes the daily partials of the affected days, then the rows at the affected
    /// change points. Returns the staged partials, committed into the state folder after the gold files are in place.
    /// </summary>
    private StagedPartials BuildDriving(
        bool full, IReadOnlyDictionary<string, IReadOnlyList<string>>? changed, DateTime? oldHorizon, DateTime? horizon, string created,
        string? keepFrom, List<string> wholeTables, List<(string Dir, string Prefix, IReadOnlyList<string> NewFiles)> replacements,
        CancellationToken cancellationToken)
    {
        var table = GoldTables.CustomerDrivingBehavior;
        var stagedPartials = Path.Combine(Staging, "_partials");
        var stagedStats = Path.Combine(Staging, "_trip_stats");
        var stagedRunning = Path.Combine(Staging, "_running");
        var affected = full ? null : AffectedTrips(changed!, cancellationToken);
        // The first day whose running sums change: the first affected day, or the first day the horizon added.
        DateTime? firstChanged = null;
        if (!full && horizon is { } h0)
        {
            var candidates = affected!.ToList();
            if (oldHorizon != horizon)
            {
                candidates.Add(oldHorizon is { } o0 && o0 < h0 ? o0.AddDays(1) : h0);
            }
            firstChanged = candidates.Count > 0 ? candidates.Min() : null;
            if (firstChanged is { } d0 && !RunningSumsKept(d0))
            {
                // A change older than the running sums kept (or a state folder from before them): rebuild from the partials.
                full = true;
                affected = null;
                firstChanged = null;
            }
        }
        var staged = new StagedPartials(PartialsDir, stagedPartials, full);
        var stats = new StagedPartials(TripStatsDir, stagedStats, full);
        var running = new StagedPartials(RunningDir, stagedRunning, full);
        _pendingRunning = (running, horizon);
        if (full || affected!.Count > 0)
        {
            // Every trip of an affected day (its day's partial is re-summed), but event statistics only for the changed
            // trips: the others' come from the saved per-trip statistics.
            var tripFilter = full
                ? "true"
                : $"t.ended_at > {Ts(affected!.Min.AddDays(-1))} AND t.ended_at <= {Ts(affected.Max)} AND {GoldSql.DayEnd("t.ended_at")} IN ({TsList(affected)})";
            duck.Execute(GoldSql.Trip(tripFilter), cancellationToken);
            duck.Execute(full
                ? "CREATE OR REPLACE TEMP TABLE g_trip_changed AS SELECT * FROM g_trip"
                : "CREATE OR REPLACE TEMP TABLE g_trip_changed AS SELECT * FROM g_trip WHERE trip_id IN (SELECT trip_id FROM g_affected)", cancellationToken);
            var range = duck.Query("SELECT min(started_at), max(ended_at) FROM g_trip_changed",
                r => r.IsDBNull(0) ? ((DateTime, DateTime)?)null : (r.GetDateTime(0), r.GetDateTime(1)), cancellationToken)[0];
            if (range is var (lo, hi))
            {
                // Silver keeps a telematics row only inside its trip's span, so the changed trips' span bounds the rows
                // to read (and lets DuckDB skip the files and row groups of other days).
                var telematics = SourceRegistry.All.Single(s => s.Name == "telematics");
                var relation = full ? _silver.Relation(telematics) : _silver.Relation(telematics, MonthsBetween(lo, hi));
                duck.Execute(GoldSql.WeatherHour($"observed_at >= date_trunc('hour', {Ts(lo)}) AND observed_at < date_trunc('hour', {Ts(hi)}) + INTERVAL 1 HOUR"), cancellationToken);
                duck.Execute(GoldSql.TrafficHour($"hour_start >= date_trunc('hour', {Ts(lo)}) AND hour_start < date_trunc('hour', {Ts(hi)}) + INTERVAL 1 HOUR"), cancellationToken);
                duck.Execute(GoldSql.TripStats($"(SELECT * FROM {relation} WHERE recorded_at >= {Ts(lo)} AND recorded_at <= {Ts(hi)})", "g_trip_changed", "g_trip_stats_new"), cancellationToken);
            }
            else
            {
                var telematics = SourceRegistry.All.Single(s => s.Name == "telematics");
                duck.Execute(GoldSql.TripStats(_silver.Relation(telematics, []), "g_trip_changed", "g_trip_stats_new"), cancellationToken);
            }
            IReadOnlyList<string> kept = full ? [] : stats.Files((affected!.Min, affected.Max));
            duck.Execute(kept.Count == 0
                ? "CREATE OR REPLACE TEMP TABLE g_trip_stats AS SELECT * FROM g_trip_stats_new"
                : $"""
                    CREATE OR REPLACE TEMP TABLE g_trip_stats AS
                    SELECT * FROM g_trip_stats_new
                    UNION ALL BY NAME
                    SELECT * EXCLUDE (bucket_end, pday) FROM read_parquet({Sql.FileList(kept)}, hive_partitioning = true)
                    WHERE trip_id NOT IN (SELECT trip_id FROM g_trip_changed) AND trip_id IN (SELECT trip_id FROM g_trip)
                    """, cancellationToken);
            duck.Execute(GoldSql.Daily, cancellationToken);
            Directory.CreateDirectory(stagedPartials);
            duck.Execute($"""
                COPY (SELECT *, strftime(bucket_end, '%Y-%m-%d') AS pday FROM g_daily)
                TO {Sql.Literal(stagedPartials)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (pday), OVERWRITE_OR_IGNORE)
                """, cancellationToken);
            Directory.CreateDirectory(stagedStats);
            duck.Execute($"""
                COPY (SELECT s.*, t.bucket_end, strftime(t.bucket_end, '%Y-%m-%d') AS pday FROM g_trip_stats s JOIN g_trip t USING (trip_id))
                TO {Sql.Literal(stagedStats)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (pday), OVERWRITE_OR_IGNORE)
                """, cancellationToken);
            // An affected day with no trip left has no partial: its old file goes.
            staged.Replace(affected ?? []);
            stats.Replace(affected ?? []);
        }
        _pendingStats = stats;

        if (horizon is not { } hz)
        {
            return staged;
        }

        // Running sums per customer and day, from the first changed day to the horizon (a full build: the days kept).
        var visible = staged.VisibleDays();
        if (visible.Count > 0)
        {
            var from = full
                ? Max(DateTime.ParseExact(visible.Min(StringComparer.Ordinal)!, "yyyy-MM-dd", CultureInfo.InvariantCulture), hz.AddDays(-RunningKeepDays))
                : firstChanged;
            if (from is { } f && f <= hz)
            {
                var baseFiles = full ? [] : running.FilesOf([f.AddDays(-1)]);
                var partialFiles = full ? staged.Files(null) : staged.Files((f, hz));
                Directory.CreateDirectory(stagedRunning);
                if (partialFiles.Count > 0 || baseFiles.Count > 0)
                {
                    var partialsSql = partialFiles.Count > 0
                        ? $"read_parquet({Sql.FileList(partialFiles)}, hive_partitioning = false)"
                        : $"(SELECT * FROM read_parquet({Sql.FileList(baseFiles)}, hive_partitioning = false) WHERE false)";
                    var baseSql = baseFiles.Count > 0 ? $"read_parquet({Sql.FileList(baseFiles)}, hive_partitioning = false)" : null;
                    duck.Execute($"""
                        COPY ({GoldSql.RunningSums(baseSql, partialsSql, Ts(f), Ts(hz))})
                        TO {Sql.Literal(stagedRunning)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (pday), OVERWRITE_OR_IGNORE)
                        """, cancellationToken);
                }
                var rebuilt = new List<DateTime>();
                for (var d = f; d <= hz; d = d.AddDays(1))
                {
                    rebuilt.Add(d);
                }
                running.Replace(rebuilt);
            }
        }

        var output = Path.Combine(Staging, "_" + table);
        Directory.CreateDirectory(output);
        var pointsSql = "";
        SortedSet<DateTime>? points = null;
        if (full)
        {
            var files = staged.Files(null);
            if (files.Count > 0)
            {
                pointsSql = GoldSql.DrivingBehavior(created, Ts(hz), keepFrom, $"read_parquet({Sql.FileList(files)})");
            }
        }
        else
        {
            // The change points to recompute: up to 90 days after each affected day, and every point the horizon added.
            points = [];
            foreach (var day in affected!)
            {
                for (var p = day; p <= day.AddDays(MaxWindowDays) && p <= hz; p = p.AddDays(1))
                {
                    points.Add(p);
                }
            }
            for (var p = oldHorizon is { } o ? o.AddDays(1) : hz; p <= hz; p = p.AddDays(1))
            {
                points.Add(p);
            }
            if (points.Count == 0)
            {
                return staged;
            }
            var offsets = new[] { 0 }.Concat(GoldSql.Windows).ToArray();
            var lookups = points.SelectMany(p => offsets.Select(k => p.AddDays(-k))).ToHashSet();
            var partialFiles = staged.FilesOf(lookups);
            var runningFiles = running.FilesOf(lookups);
            if (partialFiles.Count > 0 && runningFiles.Count > 0)
            {
                pointsSql = GoldSql.DrivingFromRunningSums(created, Ts(hz), keepFrom,
                    $"read_parquet({Sql.FileList(partialFiles)}, hive_partitioning = false)",
                    $"read_parquet({Sql.FileList(runningFiles)}, hive_partitioning = false)", TsList(points));
            }
        }
        if (pointsSql.Length > 0)
        {
            duck.Execute($"""
                COPY (SELECT *, strftime({GoldTables.EventTimestamp}, '%Y-%m') AS month, strftime({GoldTables.EventTimestamp}, '%Y-%m-%d') AS pday FROM ({pointsSql}))
                TO {Sql.Literal(output)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month, pday), OVERWRITE_OR_IGNORE)
                """, cancellationToken);
        }
        var written = Directory.EnumerateFiles(output, "*.parquet", SearchOption.AllDirectories)
            .GroupBy(f => Path.GetFileName(Path.GetDirectoryName(f))!["pday=".Length..], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var liveDir = layout.GoldTableDir(table);
        if (points is null)
        {
            // Full: the whole table is staged in its final layout and swapped in as a directory.
            var final = Path.Combine(Staging, table);
            Directory.CreateDirectory(final);
            foreach (var (day, dayFiles) in written)
            {
                var monthDir = Path.Combine(final, $"month={day[..7]}");
                Directory.CreateDirectory(monthDir);
                for (var i = 0; i < dayFiles.Count; i++)
                {
                    File.Move(dayFiles[i], Path.Combine(monthDir, string.Create(CultureInfo.InvariantCulture, $"p-{day}-{i}.parquet")));
                }
            }
            wholeTables.Add(table);
            return staged;
        }
        foreach (var point in points)
        {
            var day = Day(point);
            replacements.Add((Path.Combine(liveDir, $"month={day[..7]}"), $"p-{day}-", written.GetValueOrDefault(day) ?? []));
        }
        return staged;
    }

    /// <summary>
    /// The trips whose event statistics new silver rows change, into the temp table g_affected: new trips, the trips new
    /// telematics rows belong to, and the trips of a city overlapping an hour with new weather or traffic rows (a superset:
    /// recomputing is exact). Returns their day buckets (bucket_end).
    /// </summary>
    private SortedSet<DateTime> AffectedTrips(IReadOnlyDictionary<string, IReadOnlyList<string>> changed, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        var lo = DateTime.MaxValue;
        var hi = DateTime.MinValue;
        void Widen((DateTime Lo, DateTime Hi) r)
        {
            lo = r.Lo < lo ? r.Lo : lo;
            hi = r.Hi > hi ? r.Hi : hi;
        }
        if (changed.TryGetValue("trips", out var trips) && Range(trips, "ended_at", cancellationToken) is { } tripRange)
        {
            Widen(tripRange);
            parts.Add($"SELECT trip_id FROM read_parquet({Sql.FileList(trips)}, union_by_name = true)");
        }
        if (changed.TryGetValue("telematics", out var telematics) && Range(telematics, "recorded_at", cancellationToken) is { } eventRange)
        {
            Widen(eventRange);
            parts.Add($"SELECT DISTINCT trip_id FROM read_parquet({Sql.FileList(telematics)}, union_by_name = true)");
        }
        foreach (var (source, column) in new[] { ("weather", "observed_at"), ("traffic", "hour_start") })
        {
            if (changed.TryGetValue(source, out var files) && Range(files, $"date_trunc('hour', {column})", cancellationToken) is { } hourRange)
            {
                Widen((hourRange.Lo, hourRange.Hi.AddHours(1)));
                // Each trip spread over the hours it spans, joined on (city, hour): an equi-join, not a range join.
                parts.Add($"""
                    SELECT DISTINCT x.trip_id FROM (
                        SELECT t.trip_id, b.city, unnest(generate_series(date_trunc('hour', t.started_at), date_trunc('hour', t.ended_at), INTERVAL 1 HOUR)) AS h
                        FROM s_trips t JOIN s_bays b ON b.parking_bay_id = t.start_bay_id
                        WHERE t.ended_at >= {Ts(hourRange.Lo)} AND t.started_at < {Ts(hourRange.Hi)} + INTERVAL 1 HOUR) x
                    JOIN (SELECT DISTINCT city, date_trunc('hour', {column}) AS h FROM read_parquet({Sql.FileList(files)}, union_by_name = true)) n
                      ON n.city = x.city AND n.h = x.h
                    """);
            }
        }
        if (parts.Count == 0)
        {
            return [];
        }
        // The changed trips as silver has them (a telematics row's trip is in silver, or the row would be parked); the
        // span of the new rows bounds the trips' files and row groups to read.
        duck.Execute($"""
            CREATE OR REPLACE TEMP TABLE g_affected AS
            SELECT t.trip_id, {GoldSql.DayEnd("t.ended_at")} AS bucket_end FROM s_trips t
            WHERE t.ended_at >= {Ts(lo)} AND t.started_at <= {Ts(hi)}
              AND t.trip_id IN ({string.Join("\nUNION\n", parts)})
            """, cancellationToken);
        return [.. duck.Query("SELECT DISTINCT bucket_end FROM g_affected", r => r.GetDateTime(0), cancellationToken)];
    }

    /// <summary>
    /// Stages parking_bay_demand_history: every bay × 15-minute bucket between the first and the last booking, one file per
    /// bucket day. Incrementally, the days with new bookings and the days the span grew by. Returns the span.
    /// </summary>
    private (DateTime? Lo, DateTime? Hi) BuildParking(
        bool full, IReadOnlyDictionary<string, IReadOnlyList<string>>? changed, GoldState? state, string created,
        List<string> wholeTables, List<(string Dir, string Prefix, IReadOnlyList<string> NewFiles)> replacements, CancellationToken cancellationToken)
    {
        var table = GoldTables.ParkingBayDemandHistory;
        const string bucket = "time_bucket(INTERVAL 15 MINUTE, starts_at)";
        IReadOnlyList<string>? newFiles = null;
        if (!full && !changed!.TryGetValue("bookings", out newFiles))
        {
            return (state!.BookingsLo, state.BookingsHi);
        }
        var (lo, hi) = full ? Range(["s_bookings"], bucket, cancellationToken, relation: true) ?? default : Range(newFiles!, bucket, cancellationToken) ?? default;
        if (lo == default)
        {
            if (full)
            {
                Directory.CreateDirectory(Path.Combine(Staging, table));
                wholeTables.Add(table);
                return (null, null);
            }
            return (state!.BookingsLo, state.BookingsHi);
        }
        SortedSet<DateTime>? days = null;
        if (!full)
        {
            days = [.. duck.Query($"SELECT DISTINCT {bucket}::DATE::TIMESTAMP FROM read_parquet({Sql.FileList(newFiles!)}, union_by_name = true)", r => r.GetDateTime(0), cancellationToken)];
            var (oldLo, oldHi) = (state!.BookingsLo!.Value, state.BookingsHi!.Value);
            // Buckets the grown span now covers are new rows (zero bookings) even on days without a new booking.
            for (var d = lo.Date; d <= oldLo.Date && lo < oldLo; d = d.AddDays(1))
            {
                days.Add(d);
            }
            for (var d = oldHi.Date; d <= hi.Date && hi > oldHi; d = d.AddDays(1))
            {
                days.Add(d);
            }
            (lo, hi) = (lo < oldLo ? lo : oldLo, hi > oldHi ? hi : oldHi);
        }
        var bookingsWhere = days is null ? "true" : $"starts_at >= {Ts(days.Min)} AND starts_at < {Ts(days.Max.AddDays(1))}";
        var bucketWhere = days is null ? "true" : $"bucket_start::DATE::TIMESTAMP IN ({TsList(days)})";
        var output = Path.Combine(Staging, "_" + table);
        Directory.CreateDirectory(output);
        duck.Execute($"""
            COPY (SELECT *, strftime(bucket_start, '%Y-%m-%d') AS bday FROM ({GoldSql.ParkingDemand(created, Ts(lo), Ts(hi), bookingsWhere, bucketWhere)}))
            TO {Sql.Literal(output)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (bday), OVERWRITE_OR_IGNORE)
            """, cancellationToken);
        var written = Directory.EnumerateFiles(output, "*.parquet", SearchOption.AllDirectories)
            .GroupBy(f => Path.GetFileName(Path.GetDirectoryName(f))!["bday=".Length..], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        if (days is null)
        {
            var final = Path.Combine(Staging, table);
            Directory.CreateDirectory(final);
            foreach (var (day, dayFiles) in written)
            {
                for (var i = 0; i < dayFiles.Count; i++)
                {
                    File.Move(dayFiles[i], Path.Combine(final, string.Create(CultureInfo.InvariantCulture, $"d-{day}-{i}.parquet")));
                }
            }
            wholeTables.Add(table);
            return (lo, hi);
        }
        foreach (var day in days)
        {
            var key = Day(day);
            replacements.Add((layout.GoldTableDir(table), $"d-{key}-", written.GetValueOrDefault(key) ?? []));
        }
        return (lo, hi);
    }

    /// <summary>
    /// Whether the committed running sums cover what an incremental build from <paramref name="firstChanged"/> reads: every
    /// day with partials before it, back to the lookups of its change points 90 days earlier.
    /// </summary>
    private bool RunningSumsKept(DateTime firstChanged)
    {
        var partialDays = StagedPartials.CommittedDays(PartialsDir);
        if (partialDays.Count == 0)
        {
            return true;
        }
        var first = DateTime.ParseExact(partialDays.Min(StringComparer.Ordinal)!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var kept = StagedPartials.CommittedDays(RunningDir);
        for (var d = Max(first, firstChanged.AddDays(-MaxWindowDays - 1)); d < firstChanged; d = d.AddDays(1))
        {
            if (!kept.Contains(StagedPartials.Key(d)))
            {
                return false;
            }
        }
        return true;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>Silver files written by runs after <paramref name="lastGoldRun"/>, per source (only sources that have some).</summary>
    private Dictionary<string, IReadOnlyList<string>> NewSilverFiles(long lastGoldRun)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var source in SourceRegistry.All)
        {
            var files = _silver.Files(source.Name).Where(f => RunOf(f) > lastGoldRun).ToList();
            if (files.Count > 0)
            {
                result[source.Name] = files;
            }
        }
        return result;
    }

    private static long RunOf(string file) => long.Parse(Path.GetFileName(file).AsSpan(1, 6), CultureInfo.InvariantCulture);

    private (DateTime Lo, DateTime Hi)? Range(IReadOnlyList<string> files, string expression, CancellationToken cancellationToken, bool relation = false)
    {
        var from = relation ? files[0] : $"read_parquet({Sql.FileList(files)}, union_by_name = true)";
        return duck.Query($"SELECT min({expression}), max({expression}) FROM {from}",
            r => r.IsDBNull(0) ? ((DateTime, DateTime)?)null : (r.GetDateTime(0), r.GetDateTime(1)), cancellationToken)[0];
    }

    private Dictionary<string, long> CountRows(IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var dir = layout.GoldTableDir(table);
            rows[table] = Directory.Exists(dir) && Directory.EnumerateFiles(dir, "*.parquet", SearchOption.AllDirectories).Any()
                ? duck.Scalar<long>($"SELECT count(*) FROM read_parquet({Sql.Literal(layout.GoldTableGlob(table))})", cancellationToken)
                : 0;
        }
        return rows;
    }

    private static IReadOnlyCollection<string> MonthsBetween(DateTime lo, DateTime hi)
    {
        var months = new List<string>();
        for (var m = new DateTime(lo.Year, lo.Month, 1, 0, 0, 0, DateTimeKind.Utc); m <= hi; m = m.AddMonths(1))
        {
            months.Add(m.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        }
        return months;
    }

    private static string? Month(DateTime? t) => t?.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string Day(DateTime t) => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Ts(DateTime t) => Sql.Timestamp(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)));

    private static string TsList(IEnumerable<DateTime> times) => string.Join(", ", times.Select(Ts));
}
