using System.Globalization;
using RiskOps.Core.Storage;
using RiskOps.Lakehouse.Bronze;
using RiskOps.Lakehouse.Catalog;
using RiskOps.Lakehouse.Engine;
using RiskOps.Lakehouse.Sources;

namespace RiskOps.Lakehouse.Silver;

/// <summary>
/// Pending bronze batches → silver (typed, UTC, validated, deduplicated) and quarantine (every rejected
/// row with its reason), one run per source over all its pending batches. A run's files are staged,
/// moved into place and committed with the batches' quality reports in one catalog transaction.
/// </summary>
internal sealed class SilverProcessor(DataLayout layout, LakehouseCatalog catalog, DuckDbSession duck, TimeProvider time, Action<string>? faultPoint)
{
    private readonly SilverStore _store = new(layout);
    private readonly BronzeReader _bronze = new(layout, duck);

    private string StagingRoot => Path.Combine(layout.LakehouseDir, "_staging");

    /// <summary>Removes the files of runs that never committed, and staging leftovers.</summary>
    public void Recover()
    {
        foreach (var runId in catalog.UncommittedRuns())
        {
            var prefix = SilverStore.RunPrefix(runId);
            foreach (var root in new[] { layout.SilverDir, layout.QuarantineDir, ParkedRoot }.Where(Directory.Exists))
            {
                foreach (var file in Directory.EnumerateFiles(root, prefix + "*", SearchOption.AllDirectories).ToList())
                {
                    File.Delete(file);
                }
            }
            catalog.ForgetRun(runId);
        }
        if (Directory.Exists(StagingRoot))
        {
            Directory.Delete(StagingRoot, recursive: true);
        }
        foreach (var source in SourceRegistry.All)
        {
            DropSupersededParked(source.Name);
        }
    }

    private string ParkedRoot => Path.Combine(layout.LakehouseDir, "parked");

    private string ParkedDir(string source) => Path.Combine(ParkedRoot, source);

    private static long RunOf(string file) => long.Parse(Path.GetFileNameWithoutExtension(file).AsSpan(1, 6), CultureInfo.InvariantCulture);

    /// <summary>Parked rows still waiting: those written by the source's latest committed run (each run consumes all earlier ones).</summary>
    private List<string> ParkedFiles(string source)
    {
        var dir = ParkedDir(source);
        if (!Directory.Exists(dir))
        {
            return [];
        }
        var last = catalog.LastCommittedRun(source);
        return [.. Directory.EnumerateFiles(dir, "*.parquet").Where(f => RunOf(f) == last)];
    }

    private void DropSupersededParked(string source)
    {
        var dir = ParkedDir(source);
        if (!Directory.Exists(dir))
        {
            return;
        }
        var last = catalog.LastCommittedRun(source);
        foreach (var file in Directory.EnumerateFiles(dir, "*.parquet").Where(f => RunOf(f) < last).ToList())
        {
            File.Delete(file);
        }
    }

    /// <summary>Processes every source with pending batches, reference data first. Returns the reports written.</summary>
    public IReadOnlyList<QualityReport> Run(IProgress<LakehouseProgress>? progress, CancellationToken cancellationToken)
    {
        var reports = new List<QualityReport>();
        var sources = SourceRegistry.All;
        for (var i = 0; i < sources.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new LakehouseProgress("silver", i, sources.Count, sources[i].Name));
            var pending = catalog.Batches(sources[i].Name, pendingOnly: true);
            var parked = ParkedFiles(sources[i].Name);
            // Parked rows are retried only when a source they wait for has new silver data since they were parked.
            var retry = parked.Count > 0 && sources[i].ForeignKeys.Any(fk => catalog.LastCommittedRun(fk.Source) > RunOf(parked[0]));
            if (pending.Count > 0 || retry)
            {
                reports.AddRange(RunSource(sources[i], pending, parked, cancellationToken));
            }
        }
        progress?.Report(new LakehouseProgress("silver", sources.Count, sources.Count, "done"));
        return reports;
    }

    private List<QualityReport> RunSource(SourceDefinition source, IReadOnlyList<BatchRecord> batches, IReadOnlyList<string> parked, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runId = catalog.BeginSilverRun(source.Name, now);
        var prefix = SilverStore.RunPrefix(runId);
        var staging = Path.Combine(StagingRoot, prefix);
        var stagingSilver = Path.Combine(staging, "silver");
        var stagingQuarantine = Path.Combine(staging, "quarantine");
        var stagingParked = Path.Combine(staging, "parked");
        Directory.CreateDirectory(stagingSilver);
        Directory.CreateDirectory(stagingQuarantine);
        Directory.CreateDirectory(stagingParked);

        // The check table carries each row's batch as its sequence number; batch id and file (long strings that
        // cost more to materialise than the typed values) are joined back from here when rows are written.
        var allBatches = catalog.Batches(source.Name);
        var batchOf = allBatches.ToDictionary(b => b.Seq, b => b.BatchId);
        duck.Execute($"""
            CREATE OR REPLACE TEMP TABLE silver_batches AS SELECT * FROM (VALUES {string.Join(", ", allBatches.Select(b => string.Create(CultureInfo.InvariantCulture,
                $"({b.Seq}, {Sql.Literal(b.BatchId)}, {Sql.Literal(b.SourceFile)})")))}) v(_seq, _batch_id, _source_file)
            """, cancellationToken);
        var months = BuildCheckedRows(source, batches, parked, cancellationToken);

        var typed = source.Columns.Select(c => $"t.{Sql.Ident(c.Name)}")
            .Concat(source.Derived.Select(d => $"{d.Expr} AS {Sql.Ident(d.Name)}"))
            .Concat(["sb._batch_id", "t._seq AS _batch_seq", "t._ingested_at", "sb._source_file"])
            .Concat(source.IsReference ? ["t._content_hash"] : []);
        const string Kept = "FROM silver_out t JOIN silver_batches sb ON sb._seq = t._seq WHERE t._reason IS NULL AND NOT t._parked";
        if (source.MonthPartitioned)
        {
            // One COPY per month touched (usually one or two) instead of PARTITION_BY, which cost about a third more CPU.
            var evt = $"t.{Sql.Ident(source.EventTimeColumn!)}";
            foreach (var month in months)
            {
                var from = DateTime.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                var dir = Path.Combine(stagingSilver, $"month={month}");
                Directory.CreateDirectory(dir);
                duck.Execute($"""
                    COPY (SELECT {string.Join(", ", typed)} {Kept}
                          AND {evt} >= {Sql.Timestamp(from)} AND {evt} < {Sql.Timestamp(from.AddMonths(1))})
                    TO {Sql.Literal(Path.Combine(dir, prefix + "_0.parquet"))} (FORMAT parquet, COMPRESSION snappy)
                    """, cancellationToken);
            }
        }
        else
        {
            duck.Execute($"""
                COPY (SELECT {string.Join(", ", typed)} {Kept})
                TO {Sql.Literal(Path.Combine(stagingSilver, prefix + ".parquet"))} (FORMAT parquet, COMPRESSION snappy)
                """, cancellationToken);
        }
        faultPoint?.Invoke("silver:staged");
        // The quarantine shows each value as text: what bronze held for a value silver could not parse, the
        // typed value for one that parsed, and for a line the CSV reader rejected, the fields of its raw line.
        var raw = string.Join(", ", source.Columns.Select(c => $"{QuarantineText(c)} AS {Sql.Ident(c.Name)}"));
        duck.Execute($"""
            COPY (SELECT {raw}, t._raw, t._reason AS reason, sb._batch_id, sb._source_file, t._row, {Sql.Timestamp(now)} AS quarantined_at
                  FROM silver_out t JOIN silver_batches sb ON sb._seq = t._seq WHERE t._reason IS NOT NULL)
            TO {Sql.Literal(Path.Combine(stagingQuarantine, prefix + ".parquet"))} (FORMAT parquet, COMPRESSION zstd)
            """, cancellationToken);

        if (duck.Scalar<long>("SELECT count(*) FROM silver_out WHERE _parked", cancellationToken) > 0)
        {
            // Parked rows passed every check but the late reference, so they wait already typed.
            var parkedColumns = string.Join(", ", source.Columns.Select(c => $"t.{Sql.Ident(c.Name)}"));
            duck.Execute($"""
                COPY (SELECT {parkedColumns}, sb._batch_id, sb._source_file, t._ingested_at, t._row, t._seq, t._delivery
                      FROM silver_out t JOIN silver_batches sb ON sb._seq = t._seq WHERE t._parked)
                TO {Sql.Literal(Path.Combine(stagingParked, prefix + ".parquet"))} (FORMAT parquet, COMPRESSION zstd)
                """, cancellationToken);
        }

        var (reports, carried) = Reports(source, batches, batchOf, now, cancellationToken);
        var reasons = duck.Query(
            "SELECT _seq, _reason, count(*) FROM silver_out WHERE _reason IS NOT NULL GROUP BY ALL",
            r => (batchOf[r.GetInt64(0)], r.GetString(1), r.GetInt64(2)), cancellationToken);
        duck.Execute("DROP VIEW IF EXISTS silver_out; DROP TABLE IF EXISTS silver_dups; DROP TABLE IF EXISTS silver_chk; DROP TABLE IF EXISTS silver_batches;", cancellationToken);

        catalog.CommitSilverRun(runId, reports, carried, reasons, now, () =>
        {
            MoveTree(stagingSilver, _store.SourceDir(source.Name));
            faultPoint?.Invoke("silver:published");
            MoveTree(stagingQuarantine, _store.QuarantineSourceDir(source.Name));
            MoveTree(stagingParked, ParkedDir(source.Name));
        });
        Directory.Delete(staging, recursive: true);
        DropSupersededParked(source.Name);
        return reports;
    }

    /// <summary>
    /// Materialises <c>silver_out</c>: typed values, lineage, and <c>_reason</c> (NULL when the row goes to
    /// silver). The check table stays narrow: bronze text is kept only for a value silver could not parse.
    /// Invalid rows are never considered for dedupe, so a malformed copy cannot shadow a good one.
    /// Returns the UTC months (<c>yyyy-MM</c>) the rows touch when the source is month-partitioned.
    /// </summary>
    private IReadOnlyList<string> BuildCheckedRows(SourceDefinition source, IReadOnlyList<BatchRecord> batches, IReadOnlyList<string> parked, CancellationToken cancellationToken)
    {
        var scan = _bronze.Scan(source, batches, cancellationToken);
        try
        {
            return BuildCheckedRows(source, scan, parked, cancellationToken);
        }
        finally
        {
            if (scan.Cleanup.Length > 0)
            {
                duck.Execute(scan.Cleanup, CancellationToken.None);
            }
        }
    }

    private IReadOnlyList<string> BuildCheckedRows(SourceDefinition source, BronzeScan scan, IReadOnlyList<string> parked, CancellationToken cancellationToken)
    {
        var typedColumns = string.Join(",\n", source.Columns.Select(c => $"{c.TypedExpr} AS {Sql.Ident(c.Name)}")
            .Concat(source.Columns.Where(c => c.ParsedInSilver).Select(c => $"CASE WHEN ({c.TypedExpr}) IS NULL THEN {c.RawExpr}::VARCHAR END AS {Sql.Ident("raw_" + c.Name)}")));
        var required = source.Columns.Where(c => c.Required).ToList();
        var present = required.Count == 0 ? "0" : string.Join(" + ", required.Select(c => $"{c.PresentExpr}::INTEGER"));
        var pre = source.Columns.Select(c => c.PreExpr).OfType<string>().ToList();
        var joins = new List<string>();
        var reasons = source.Columns.SelectMany(c => c.ParseReasonExprs()).ToList();
        reasons.AddRange(source.Columns.SelectMany(c => c.RangeReasonExprs()));
        reasons.AddRange(source.Checks.Select(c => $"CASE WHEN {c.Violated} THEN {Sql.Literal(c.Reason)} END"));
        var defers = new List<string>();
        for (var i = 0; i < source.ForeignKeys.Count; i++)
        {
            var fk = source.ForeignKeys[i];
            var target = SourceRegistry.Get(fk.Source);
            var missing = $"(t.{Sql.Ident(fk.Column)} IS NOT NULL AND fk{i}.k IS NULL)";
            if (fk.Within is { } within)
            {
                joins.Add($"""
                    LEFT JOIN (SELECT {Sql.Ident(fk.KeyColumn)} AS k, min({Sql.Ident(within.Start)}) AS s, max({Sql.Ident(within.End)}) AS e
                               FROM {_store.Relation(target)} GROUP BY 1) fk{i} ON fk{i}.k = t.{Sql.Ident(fk.Column)}
                    """);
                reasons.Add($"CASE WHEN fk{i}.k IS NOT NULL AND (t.{Sql.Ident(within.Time)} < fk{i}.s - INTERVAL 5 MINUTE OR t.{Sql.Ident(within.Time)} > fk{i}.e + INTERVAL 5 MINUTE) THEN '{within.Time} outside its {fk.Column[..^3]}' END");
            }
            else
            {
                joins.Add($"LEFT JOIN (SELECT DISTINCT {Sql.Ident(fk.KeyColumn)} AS k FROM {_store.Relation(target)}) fk{i} ON fk{i}.k = t.{Sql.Ident(fk.Column)}");
            }
            if (target.IsReference)
            {
                reasons.Add($"CASE WHEN {missing} THEN 'unknown {fk.Column}' END");
                continue;
            }
            // The target may still arrive in a later delivery: wait until deliveries LateDays after this row's have been processed.
            var delivered = catalog.Batches(target.Name).Where(b => b.SilverRun is not null).Select(b => b.DeliveryDate).Max();
            var deliveredSql = delivered is { } d ? $"DATE '{d:yyyy-MM-dd}'" : "NULL::DATE";
            var defer = $"({missing} AND t._delivery IS NOT NULL AND ({deliveredSql} IS NULL OR t._delivery + INTERVAL {ForeignKey.LateDays} DAY > {deliveredSql}))";
            defers.Add(defer);
            reasons.Add($"CASE WHEN {missing} AND NOT {defer} THEN 'unknown {fk.Column}' END");
        }
        var deferExpr = defers.Count == 0 ? "false" : $"coalesce({string.Join(" OR ", defers)}, false)";

        // Dedupe key: the id for events; id plus content for reference data, where a changed row is a new version.
        var keyCols = source.Key.ToList();
        var contentHash = source.IsReference
            ? $"hash({string.Join(", ", source.Columns.Select(c => $"t.{Sql.Ident(c.Name)}"))})"
            : "NULL::UBIGINT";
        if (source.IsReference)
        {
            keyCols.Add("_content_hash");
        }
        var dupOn = string.Join(" AND ", keyCols.Select(k => $"d.{Sql.Ident(k)} = c.{Sql.Ident(k)}"));
        var existingCols = string.Join(", ", keyCols.Select(Sql.Ident));
        var existingOn = string.Join(" AND ", keyCols.Select(k => $"e.{Sql.Ident(k)} = c.{Sql.Ident(k)}"));
        var keyName = string.Join(", ", source.Key);

        // The bronze files are parsed right here, inside the statement that checks them: one parse, no typed copy.
        string Parsed(string relation) => $"""
            SELECT b._ingested_at, b._row, b._raw, b._raw_header, b._parse_error, b._seq, b._delivery, false AS _carried,
                   {typedColumns}
            FROM (SELECT {string.Join(", ", pre.Prepend("b.*"))} FROM ({relation}) b) b
            """;
        var sources = scan.Rows.Select(Parsed).ToList();
        if (parked.Count > 0)
        {
            var missingInParked = new[] { "NULL::VARCHAR AS _raw", "NULL::VARCHAR AS _raw_header", "NULL::VARCHAR AS _parse_error" }
                .Concat(source.Columns.Where(c => c.ParsedInSilver).Select(c => $"NULL::VARCHAR AS {Sql.Ident("raw_" + c.Name)}"));
            sources.Add($"SELECT * EXCLUDE (_batch_id, _source_file), {string.Join(", ", missingInParked)}, true AS _carried FROM read_parquet({Sql.FileList(parked)}, union_by_name = true)");
        }

        duck.Execute($"""
            CREATE OR REPLACE TEMP TABLE silver_chk AS
            WITH src AS (
                {string.Join("\nUNION ALL BY NAME\n", sources)}
            ),
            s_chk AS (
                SELECT t.*, {present} AS _present, CASE WHEN t._parse_error IS NOT NULL THEN t._parse_error
                            ELSE NULLIF(concat_ws('; ', {string.Join(",\n ", reasons)}), '') END AS _invalid, {contentHash} AS _content_hash,
                       {deferExpr} AS _defer
                FROM src t
                {string.Join("\n", joins)}
            )
            SELECT c.*, c._invalid IS NULL AND c._defer AS _parked, false AS _in_silver, false AS _dup
            FROM s_chk c
            """, cancellationToken);
        // Lines the CSV reader rejected exist only once the statement above has scanned the files. They are
        // invalid by their parse error alone, so they skip the checks and joins.
        foreach (var rejected in scan.Rejects)
        {
            duck.Execute($"""
                INSERT INTO silver_chk BY NAME
                SELECT t.*, {present} AS _present, t._parse_error AS _invalid, false AS _defer, false AS _parked, false AS _in_silver, false AS _dup
                FROM ({Parsed(rejected)}) t
                """, cancellationToken);
        }

        // Ids already in silver. Late events land in the month of their own (UTC) time, so only the months the
        // new rows touch can hold them; the months come from the typed check table, not another bronze scan.
        IReadOnlyList<string> months = [];
        IReadOnlyCollection<string>? existingMonths = null;
        if (source.MonthPartitioned)
        {
            var evt = Sql.Ident(source.EventTimeColumn!);
            months = duck.Query($"SELECT DISTINCT strftime({evt}, '%Y-%m') AS m FROM silver_chk WHERE {evt} IS NOT NULL ORDER BY m", r => r.GetString(0), cancellationToken);
            existingMonths = [.. months];
        }
        if (_store.Files(source.Name, existingMonths).Count > 0)
        {
            duck.Execute($"""
                UPDATE silver_chk c SET _in_silver = true
                WHERE c._invalid IS NULL AND EXISTS (SELECT 1 FROM {_store.Relation(source, existingMonths)} e WHERE {existingOn})
                """, cancellationToken);
        }
        // Duplicates among the new valid rows, keeping the earliest batch's row. Candidates are found on a 64-bit
        // hash of the key (a group-by on one integer instead of the id strings); only keys whose hash repeats are
        // then grouped exactly, so a hash collision costs a little work, never a wrong answer. The losing rows
        // are flagged in the check table once, so the readers of silver_out below need no join.
        var hashKey = $"hash({string.Join(", ", keyCols.Select(k => $"c.{Sql.Ident(k)}"))})";
        duck.Execute($"""
            CREATE OR REPLACE TEMP TABLE silver_dups AS
            WITH v AS (SELECT rowid AS _rid, {string.Join(", ", keyCols.Select(k => $"c.{Sql.Ident(k)}"))}, {hashKey} AS _h,
                              _seq * 1000000000000 + coalesce(_row, 0) AS _ord
                       FROM silver_chk c WHERE _invalid IS NULL AND NOT _defer AND NOT _in_silver),
                 repeated AS (SELECT _h FROM v GROUP BY _h HAVING count(*) > 1)
            SELECT {existingCols}, arg_min(_rid, _ord) AS _keep
            FROM v SEMI JOIN repeated USING (_h)
            GROUP BY {existingCols} HAVING count(*) > 1
            """, cancellationToken);
        duck.Execute($"""
            UPDATE silver_chk SET _dup = true
            FROM (SELECT c.rowid AS _rid FROM silver_chk c JOIN silver_dups d ON {dupOn}
                  WHERE c.rowid <> d._keep AND c._invalid IS NULL AND NOT c._defer AND NOT c._in_silver) x
            WHERE silver_chk.rowid = x._rid
            """, cancellationToken);
        duck.Execute($"""
            DROP TABLE silver_dups;
            CREATE OR REPLACE TEMP VIEW silver_out AS
            SELECT c.*,
                   CASE
                       WHEN c._invalid IS NOT NULL THEN c._invalid
                       WHEN c._defer THEN NULL
                       WHEN c._in_silver THEN {Sql.Literal($"duplicate {keyName}: already in silver")}
                       WHEN c._dup THEN {Sql.Literal($"duplicate {keyName}: repeated in delivery")}
                   END AS _reason
            FROM silver_chk c
            """, cancellationToken);
        return months;
    }

    /// <summary>A quarantined value as text: bronze's text if silver could not parse it, else the typed value, else the field of the raw line.</summary>
    private static string QuarantineText(ColumnSpec c)
    {
        var name = Sql.Ident(c.Name);
        var typed = c.Kind == ColumnKind.Timestamp ? $"strftime(t.{name}, '%Y-%m-%dT%H:%M:%S.%fZ')" : $"t.{name}::VARCHAR";
        // A CSV line the reader rejected: split it by the file's header when that is unambiguous (no quotes, the
        // right number of fields); otherwise the whole line is in _raw. A JSON record: its key.
        var csvField = $"""
            CASE WHEN t._raw_header IS NOT NULL AND NOT contains(t._raw, '"') AND len(string_split(t._raw, ',')) = len(string_split(t._raw_header, ','))
                 THEN NULLIF(string_split(t._raw, ',')[list_position(string_split(t._raw_header, ','), {Sql.Literal(c.Name)})], '')
                 WHEN t._raw_header IS NULL AND t._raw IS NOT NULL AND json_valid(t._raw) THEN json_extract_string(t._raw, {Sql.Literal($"$.\"{c.Name}\"")}) END
            """;
        return c.ParsedInSilver ? $"coalesce(t.{Sql.Ident("raw_" + c.Name)}, {typed}, {csvField})" : $"coalesce({typed}, {csvField})";
    }

    private (List<QualityReport> New, List<QualityReport> Carried) Reports(SourceDefinition source, IReadOnlyList<BatchRecord> batches, Dictionary<long, string> batchOf,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var required = source.Columns.Where(c => c.Required).ToList();
        var freshness = source.EventTimeColumn is null
            ? "NULL::DOUBLE"
            : $"epoch(max(_ingested_at) - max({Sql.Ident(source.EventTimeColumn)})) / 3600.0";
        var stats = duck.Query($"""
            SELECT _seq, _carried, count(*), count(*) FILTER (_reason IS NULL AND NOT _parked), count(*) FILTER (_invalid IS NULL AND _reason IS NOT NULL),
                   count(*) FILTER (_invalid IS NULL), coalesce(sum(_present), 0)::BIGINT, {freshness}, count(*) FILTER (_parked)
            FROM silver_out GROUP BY _seq, _carried
            """,
            r => (Batch: batchOf[r.GetInt64(0)], Carried: r.GetBoolean(1), In: r.GetInt64(2), Out: r.GetInt64(3), Dup: r.GetInt64(4), Valid: r.GetInt64(5),
                  Present: r.GetInt64(6), Fresh: r.IsDBNull(7) ? (double?)null : r.GetDouble(7), Parked: r.GetInt64(8)),
            cancellationToken);
        var fresh = stats.Where(s => !s.Carried).ToDictionary(s => s.Batch, StringComparer.Ordinal);
        var reports = batches.Select(b =>
        {
            if (!fresh.TryGetValue(b.BatchId, out var s))
            {
                return new QualityReport(b.BatchId, source.Name, 0, 0, 0, 0, 1, 1, 1, null, now);
            }
            var cells = (double)s.In * required.Count;
            return new QualityReport(b.BatchId, source.Name, s.In, s.Out, s.In - s.Out - s.Parked, s.Dup,
                cells == 0 ? 1 : s.Present / cells, (double)s.Valid / s.In, 1 - ((double)s.Dup / s.In), s.Fresh, now, s.Parked);
        }).ToList();
        var carried = stats.Where(s => s.Carried)
            .Select(s => new QualityReport(s.Batch, source.Name, s.In, s.Out, s.In - s.Out - s.Parked, s.Dup, 1, 1, 1, null, now, s.Parked))
            .ToList();
        return (reports, carried);
    }

    /// <summary>Moves every file under <paramref name="from"/> to the same relative place under <paramref name="to"/>.</summary>
    private static void MoveTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).ToList())
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(file, target);
        }
    }
}
