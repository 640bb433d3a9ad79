using System.Globalization;
using RiskOps.Core.Storage;
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

    private string StagingRoot => Path.Combine(layout.LakehouseDir, "_staging");

    /// <summary>Removes the files of runs that never committed, and staging leftovers.</summary>
    public void Recover()
    {
        foreach (var runId in catalog.UncommittedRuns())
        {
            var prefix = SilverStore.RunPrefix(runId);
            foreach (var root in new[] { layout.SilverDir, layout.QuarantineDir }.Where(Directory.Exists))
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
            if (pending.Count > 0)
            {
                reports.AddRange(RunSource(sources[i], pending, cancellationToken));
            }
        }
        progress?.Report(new LakehouseProgress("silver", sources.Count, sources.Count, "done"));
        return reports;
    }

    private List<QualityReport> RunSource(SourceDefinition source, IReadOnlyList<BatchRecord> batches, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runId = catalog.BeginSilverRun(source.Name, now);
        var prefix = SilverStore.RunPrefix(runId);
        var staging = Path.Combine(StagingRoot, prefix);
        var stagingSilver = Path.Combine(staging, "silver");
        var stagingQuarantine = Path.Combine(staging, "quarantine");
        Directory.CreateDirectory(stagingSilver);
        Directory.CreateDirectory(stagingQuarantine);

        var bronzeFiles = batches.SelectMany(b => Directory.EnumerateFiles(Path.Combine(layout.BronzeDir, source.Name, b.BatchId), "*.parquet")).ToList();
        var seqs = string.Join(", ", batches.Select(b => string.Create(CultureInfo.InvariantCulture, $"({Sql.Literal(b.BatchId)}, {b.Seq})")));
        BuildCheckedRows(source, bronzeFiles, seqs, cancellationToken);

        var typed = source.Columns.Select(c => $"t.{Sql.Ident(c.Name)}")
            .Concat(source.Derived.Select(d => $"{d.Expr} AS {Sql.Ident(d.Name)}"))
            .Concat(["t._batch_id", "t._seq AS _batch_seq", "t._ingested_at", "t._source_file"])
            .Concat(source.IsReference ? ["t._content_hash"] : []);
        if (source.MonthPartitioned)
        {
            duck.Execute($"""
                COPY (SELECT {string.Join(", ", typed)}, strftime(t.{Sql.Ident(source.EventTimeColumn!)}, '%Y-%m') AS month
                      FROM silver_out t WHERE t._reason IS NULL)
                TO {Sql.Literal(stagingSilver)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month), FILENAME_PATTERN '{prefix + "_{i}"}')
                """, cancellationToken);
        }
        else
        {
            duck.Execute($"""
                COPY (SELECT {string.Join(", ", typed)} FROM silver_out t WHERE t._reason IS NULL)
                TO {Sql.Literal(Path.Combine(stagingSilver, prefix + ".parquet"))} (FORMAT parquet, COMPRESSION zstd)
                """, cancellationToken);
        }
        faultPoint?.Invoke("silver:staged");
        var raw = string.Join(", ", source.Columns.Select(c => $"t.{Sql.Ident("raw_" + c.Name)} AS {Sql.Ident(c.Name)}"));
        duck.Execute($"""
            COPY (SELECT {raw}, t._raw, t._reason AS reason, t._batch_id, t._source_file, t._row, {Sql.Timestamp(now)} AS quarantined_at
                  FROM silver_out t WHERE t._reason IS NOT NULL)
            TO {Sql.Literal(Path.Combine(stagingQuarantine, prefix + ".parquet"))} (FORMAT parquet, COMPRESSION zstd)
            """, cancellationToken);

        var reports = Reports(source, batches, now, cancellationToken);
        var reasons = duck.Query(
            "SELECT _batch_id, _reason, count(*) FROM silver_out WHERE _reason IS NOT NULL GROUP BY ALL",
            r => (r.GetString(0), r.GetString(1), r.GetInt64(2)), cancellationToken);
        duck.Execute("DROP TABLE IF EXISTS silver_out", cancellationToken);

        catalog.CommitSilverRun(runId, reports, reasons, now, () =>
        {
            MoveTree(stagingSilver, _store.SourceDir(source.Name));
            faultPoint?.Invoke("silver:published");
            MoveTree(stagingQuarantine, _store.QuarantineSourceDir(source.Name));
        });
        Directory.Delete(staging, recursive: true);
        return reports;
    }

    /// <summary>
    /// Materialises <c>silver_out</c>: raw text, typed values, and <c>_reason</c> (NULL when the row
    /// goes to silver). Invalid rows are never considered for dedupe, so a malformed copy cannot shadow a good one.
    /// </summary>
    private void BuildCheckedRows(SourceDefinition source, IReadOnlyList<string> bronzeFiles, string seqs, CancellationToken cancellationToken)
    {
        var inputs = string.Join(",\n", source.Columns.Select(c => $"b.{Sql.Ident(c.Name)} AS {Sql.Ident("raw_" + c.Name)}, {c.TypedExpr} AS {Sql.Ident(c.Name)}"));
        var joins = new List<string>();
        var reasons = new List<string> { "CASE WHEN t._parse_error IS NOT NULL THEN 'unparseable line: ' || t._parse_error END" };
        reasons.AddRange(source.Columns.SelectMany(c => c.ReasonExprs()));
        reasons.AddRange(source.Checks.Select(c => $"CASE WHEN {c.Violated} THEN {Sql.Literal(c.Reason)} END"));
        for (var i = 0; i < source.ForeignKeys.Count; i++)
        {
            var fk = source.ForeignKeys[i];
            var target = SourceRegistry.Get(fk.Source);
            joins.Add($"LEFT JOIN (SELECT DISTINCT {Sql.Ident(fk.KeyColumn)} AS k FROM {_store.Relation(target)}) fk{i} ON fk{i}.k = t.{Sql.Ident(fk.Column)}");
            reasons.Add($"CASE WHEN t.{Sql.Ident(fk.Column)} IS NOT NULL AND fk{i}.k IS NULL THEN 'unknown {fk.Column}' END");
        }

        // Dedupe key: the id for events; id plus content for reference data, where a changed row is a new version.
        var keyCols = source.Key.ToList();
        var contentHash = source.IsReference
            ? $"hash({string.Join(", ", source.Columns.Select(c => $"t.{Sql.Ident(c.Name)}"))})"
            : "NULL::UBIGINT";
        if (source.IsReference)
        {
            keyCols.Add("_content_hash");
        }
        var partition = string.Join(", ", keyCols.Select(k => $"c.{Sql.Ident(k)}"));
        var existingCols = string.Join(", ", keyCols.Select(Sql.Ident));
        var existingOn = string.Join(" AND ", keyCols.Select(k => $"e.{Sql.Ident(k)} = c.{Sql.Ident(k)}"));
        var keyName = string.Join(", ", source.Key);

        // Late events land in the month of their own time, so only the touched months' ids can collide.
        IReadOnlyCollection<string>? months = null;
        if (source.MonthPartitioned)
        {
            var column = source.Columns.First(c => c.Name == source.EventTimeColumn);
            months = duck.Query(
                $"SELECT DISTINCT strftime({column.TypedExpr}, '%Y-%m') FROM read_parquet({Sql.FileList(bronzeFiles)}) b WHERE {column.TypedExpr} IS NOT NULL",
                r => r.GetString(0), cancellationToken);
        }
        var existing = _store.Relation(source, months);

        duck.Execute($"""
            CREATE OR REPLACE TEMP TABLE silver_out AS
            WITH s_in AS (
                SELECT b._batch_id, b._source_file, b._ingested_at, b._row, b._raw, b._parse_error, seq._seq,
                       {inputs}
                FROM read_parquet({Sql.FileList(bronzeFiles)}) b
                JOIN (VALUES {seqs}) seq(_batch_id, _seq) ON seq._batch_id = b._batch_id
            ),
            s_chk AS (
                SELECT t.*, NULLIF(concat_ws('; ', {string.Join(",\n ", reasons)}), '') AS _invalid, {contentHash} AS _content_hash
                FROM s_in t
                {string.Join("\n", joins)}
            )
            SELECT c.*,
                   CASE
                       WHEN c._invalid IS NOT NULL THEN c._invalid
                       WHEN e._hit THEN {Sql.Literal($"duplicate {keyName}: already in silver")}
                       WHEN row_number() OVER (PARTITION BY c._invalid IS NULL, {partition} ORDER BY c._seq, c._row) > 1
                           THEN {Sql.Literal($"duplicate {keyName}: repeated in delivery")}
                   END AS _reason
            FROM s_chk c
            LEFT JOIN (SELECT DISTINCT {existingCols}, true AS _hit FROM {existing}) e ON {existingOn}
            """, cancellationToken);
    }

    private List<QualityReport> Reports(SourceDefinition source, IReadOnlyList<BatchRecord> batches, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var required = source.Columns.Where(c => c.Required).ToList();
        var present = required.Count == 0
            ? "0"
            : string.Join(" + ", required.Select(c => $"(NULLIF(trim({Sql.Ident("raw_" + c.Name)}), '') IS NOT NULL)::INTEGER"));
        var freshness = source.EventTimeColumn is null
            ? "NULL::DOUBLE"
            : $"epoch(max(_ingested_at) - max({Sql.Ident(source.EventTimeColumn)})) / 3600.0";
        var stats = duck.Query($"""
            SELECT _batch_id, count(*), count(*) FILTER (_reason IS NULL), count(*) FILTER (_invalid IS NULL AND _reason IS NOT NULL),
                   count(*) FILTER (_invalid IS NULL), coalesce(sum({present}), 0)::BIGINT, {freshness}
            FROM silver_out GROUP BY _batch_id
            """,
            r => (Batch: r.GetString(0), In: r.GetInt64(1), Out: r.GetInt64(2), Dup: r.GetInt64(3), Valid: r.GetInt64(4), Present: r.GetInt64(5),
                  Fresh: r.IsDBNull(6) ? (double?)null : r.GetDouble(6)),
            cancellationToken).ToDictionary(s => s.Batch, StringComparer.Ordinal);
        return [.. batches.Select(b =>
        {
            if (!stats.TryGetValue(b.BatchId, out var s))
            {
                return new QualityReport(b.BatchId, source.Name, 0, 0, 0, 0, 1, 1, 1, null, now);
            }
            var cells = (double)s.In * required.Count;
            return new QualityReport(b.BatchId, source.Name, s.In, s.Out, s.In - s.Out, s.Dup,
                cells == 0 ? 1 : s.Present / cells, (double)s.Valid / s.In, 1 - ((double)s.Dup / s.In), s.Fresh, now);
        })];
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
