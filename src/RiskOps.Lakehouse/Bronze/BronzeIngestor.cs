using System.Globalization;
using System.Security.Cryptography;
using RiskOps.Core.Storage;
using RiskOps.Lakehouse.Catalog;
using RiskOps.Lakehouse.Engine;
using RiskOps.Lakehouse.Sources;

namespace RiskOps.Lakehouse.Bronze;

/// <summary>
/// Raw files → append-only bronze Parquet, one batch per file; the batches of one source ingested together
/// share a folder and its Parquet files (rows told apart by <c>_batch_id</c>) and are committed together. Numbers and dates are parsed here, once,
/// by DuckDB's typed CSV reader (or JSON extractor); a line whose value does not cast is kept as raw text
/// with a reason naming the column, never turned into a NULL. Ids, enums and timestamps stay text (see
/// <see cref="ColumnSpec.BronzeType"/>). Every row carries lineage columns. A folder is written to staging,
/// renamed into place and its batches' catalog rows committed in one SQLite transaction; ingesting the same
/// bytes again adds nothing.
/// </summary>
internal sealed class BronzeIngestor(DataLayout layout, LakehouseCatalog catalog, DuckDbSession duck, TimeProvider time, Action<string>? faultPoint)
{
    private int _tempCounter;

    private string StagingRoot => Path.Combine(layout.BronzeDir, "_staging");

    /// <summary>Discards staging leftovers and bronze folders that no committed catalog row names (a crash mid-commit).</summary>
    public void Recover()
    {
        if (Directory.Exists(StagingRoot))
        {
            Directory.Delete(StagingRoot, recursive: true);
        }
        if (!Directory.Exists(layout.BronzeDir))
        {
            return;
        }
        var committed = catalog.Batches().Select(b => Path.Combine(b.Source, b.BronzeDir)).ToHashSet(StringComparer.Ordinal);
        foreach (var sourceDir in Directory.EnumerateDirectories(layout.BronzeDir))
        {
            foreach (var folder in Directory.EnumerateDirectories(sourceDir))
            {
                if (!committed.Contains(Path.Combine(Path.GetFileName(sourceDir), Path.GetFileName(folder))))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
    }

    /// <summary>
    /// Inspects every file first (so one bad file stops the run before anything is written), then ingests the
    /// new files of each source into one bronze folder, one batch per file, committed together.
    /// </summary>
    public IReadOnlyList<BatchOutcome> Ingest(IReadOnlyList<string> paths, IProgress<LakehouseProgress>? progress, CancellationToken cancellationToken)
    {
        var files = paths.Select(p => RawFileInspector.Inspect(layout.RawDir, p)).ToList();
        var outcomes = new BatchOutcome?[files.Count];
        var pending = new List<PendingFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = files[i];
            var hash = HashFile(file.FullPath);
            if (!seen.Add(hash) || catalog.HasHash(hash))
            {
                outcomes[i] = new BatchOutcome(file.RelativePath, file.Source.Name, null, 0, Skipped: true);
                continue;
            }
            pending.Add(new PendingFile(i, file, $"{file.Source.Name}-{hash[..16]}", hash, time.GetUtcNow()));
        }
        try
        {
            var done = 0;
            foreach (var unit in pending.GroupBy(p => p.File.Source.Name, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var items = unit.ToList();
                progress?.Report(new LakehouseProgress("bronze", done, pending.Count, $"{unit.Key} ({items.Count} files)"));
                foreach (var outcome in IngestUnit(items, cancellationToken))
                {
                    outcomes[outcome.Index] = outcome.Outcome;
                }
                done += items.Count;
            }
        }
        finally
        {
            // Whatever is left in staging belongs to no committed batch (a failure part way through).
            if (Directory.Exists(StagingRoot))
            {
                Directory.Delete(StagingRoot, recursive: true);
            }
        }
        progress?.Report(new LakehouseProgress("bronze", pending.Count, pending.Count, "done"));
        return [.. outcomes.Select(o => o!)];
    }

    /// <summary>
    /// Writes the new files of one source into one staging folder, counts each batch's rows, then renames the
    /// folder into place and commits all its batches in one catalog transaction. One folder per source and run
    /// (instead of one per file) lets one typed read_csv parse every file of the source without PARTITION_BY,
    /// which cost as much CPU as the parse itself.
    /// </summary>
    private List<(int Index, BatchOutcome Outcome)> IngestUnit(List<PendingFile> items, CancellationToken cancellationToken)
    {
        var source = items[0].File.Source;
        var folder = items[0].BatchId;
        var staging = Path.Combine(StagingRoot, folder);
        var final = Path.Combine(layout.BronzeDir, source.Name, folder);
        Directory.CreateDirectory(staging);
        try
        {
            var part = 0;
            if (source.Format == SourceFormat.Csv)
            {
                foreach (var group in items.GroupBy(p => string.Join("\n", p.File.HeaderColumns), StringComparer.Ordinal))
                {
                    WriteCsv([.. group], staging, part++, cancellationToken);
                }
            }
            else
            {
                foreach (var p in items)
                {
                    var lineage = $"""
                        {Sql.Literal(p.BatchId)} AS _batch_id, {Sql.Literal(source.Name)} AS _source,
                        {Sql.Literal(p.File.RelativePath)} AS _source_file, {Sql.Timestamp(p.IngestedAt)} AS _ingested_at
                        """;
                    WriteJsonLines(p.File, Path.Combine(staging, string.Create(CultureInfo.InvariantCulture, $"part-{part++}.parquet")), lineage, cancellationToken);
                }
            }
            faultPoint?.Invoke("bronze:part-written");
            var counts = duck.Query(
                $"SELECT _batch_id, count(*) FROM read_parquet({Sql.Literal(Path.Combine(staging, "*.parquet"))}, union_by_name = true) GROUP BY ALL",
                r => (Batch: r.GetString(0), Rows: r.GetInt64(1)), cancellationToken).ToDictionary(c => c.Batch, c => c.Rows, StringComparer.Ordinal);
            faultPoint?.Invoke("bronze:staged");
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            var rows = items.Select(p => (p.BatchId, p.File.RelativePath, p.Hash, counts.GetValueOrDefault(p.BatchId), p.IngestedAt)).ToList();
            catalog.CommitBatches(rows, source.Name, folder, () =>
            {
                Directory.Move(staging, final);
                faultPoint?.Invoke("bronze:published");
            });
            return [.. items.Select(p => (p.Index, new BatchOutcome(p.File.RelativePath, source.Name, p.BatchId, counts.GetValueOrDefault(p.BatchId), Skipped: false)))];
        }
        catch
        {
            // Only the staging folder is ours to clean here; a folder already renamed into place without
            // committed rows is removed by Recover(), exactly as after a real crash.
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
            throw;
        }
    }

    /// <summary>
    /// Parses CSV files of one source with the same header in one typed read_csv over the file list into
    /// <c>part-N.parquet</c>, each row with its batch's lineage. Lines the reader rejects (a value that does
    /// not cast, too few or too many fields) are mapped back to their file through DuckDB's reject scan table
    /// and written to <c>part-N-rejects.parquet</c> as raw text with the reason.
    /// </summary>
    private void WriteCsv(List<PendingFile> items, string staging, int part, CancellationToken cancellationToken)
    {
        var first = items[0].File;
        var source = first.Source;
        var n = Interlocked.Increment(ref _tempCounter);
        var rejects = $"bronze_rejects_{n}";
        var scans = $"bronze_scans_{n}";
        var spec = source.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var columns = "{" + string.Join(", ", first.HeaderColumns.Select(c => $"{Sql.Literal(c)}: '{spec[c].BronzeType}'")) + "}";
        var select = string.Join(", ", source.Columns.Select(c => $"r.{Sql.Ident(c.Name)}"));
        var nulls = string.Join(", ", source.Columns.Select(c => $"NULL::{c.BronzeType} AS {Sql.Ident(c.Name)}"));
        var header = Sql.Literal(string.Join(",", first.HeaderColumns));
        var map = $"""
            (VALUES {string.Join(", ", items.Select(p => $"({Sql.Literal(p.File.FullPath)}, {Sql.Literal(p.BatchId)}, {Sql.Literal(source.Name)}, {Sql.Literal(p.File.RelativePath)}, {Sql.Timestamp(p.IngestedAt)})"))})
                m(_file, _batch_id, _source, _source_file, _ingested_at)
            """;
        var target = Path.Combine(staging, string.Create(CultureInfo.InvariantCulture, $"part-{part}.parquet"));
        // No row number for parsed lines: row_number() OVER () makes DuckDB buffer whole files and more
        // than doubled this step; a rejected line keeps its line number.
        duck.Execute($"""
            COPY (
                SELECT {select}, NULL::VARCHAR AS _raw, NULL::VARCHAR AS _raw_header, NULL::VARCHAR AS _parse_error,
                       m._batch_id, m._source, m._source_file, m._ingested_at, NULL::BIGINT AS _row
                FROM read_csv({Sql.FileList(items.Select(p => p.File.FullPath))}, header = true, auto_detect = false, columns = {columns},
                              delim = ',', quote = '"', escape = '"', null_padding = false, filename = true,
                              store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{scans}') r
                JOIN {map} ON m._file = r.filename
            ) TO {Sql.Literal(target)} (FORMAT parquet, COMPRESSION snappy)
            """, cancellationToken);
        // A line can have several errors (a missing field shifts every later value into a cast error): the
        // structural error wins; otherwise the reason names each column whose value did not cast.
        if (duck.Scalar<long>($"SELECT count(*) FROM {rejects}", cancellationToken) > 0)
        {
            duck.Execute($"""
                COPY (
                    SELECT {nulls}, any_value(j.csv_line) AS _raw, {header} AS _raw_header,
                           CASE WHEN bool_or(j.error_type::VARCHAR <> 'CAST')
                                THEN 'unparseable line: ' || string_agg(DISTINCT j.error_type::VARCHAR, ', ' ORDER BY j.error_type::VARCHAR) FILTER (j.error_type::VARCHAR <> 'CAST')
                                ELSE string_agg(DISTINCT 'unparseable ' || j.column_name, '; ' ORDER BY 'unparseable ' || j.column_name) END AS _parse_error,
                           m._batch_id, any_value(m._source) AS _source, any_value(m._source_file) AS _source_file,
                           any_value(m._ingested_at) AS _ingested_at, j.line::BIGINT AS _row
                    FROM {rejects} j JOIN {scans} s ON s.scan_id = j.scan_id AND s.file_id = j.file_id
                    JOIN {map} ON m._file = s.file_path
                    GROUP BY m._batch_id, j.line
                ) TO {Sql.Literal(Path.ChangeExtension(target, null) + "-rejects.parquet")} (FORMAT parquet, COMPRESSION zstd)
                """, cancellationToken);
        }
        duck.Execute($"DROP TABLE IF EXISTS {rejects}; DROP TABLE IF EXISTS {scans};", cancellationToken);
    }

    private void WriteJsonLines(RawFile file, string target, string lineage, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _tempCounter);
        var lines = $"bronze_lines_{n}";
        duck.Execute($"""
            CREATE OR REPLACE TEMP TABLE {lines} AS
            SELECT line, row_number() OVER () AS _row, CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END AS ok
            FROM (SELECT unnest(string_split(replace(content, chr(13), ''), chr(10))) AS line FROM read_text({Sql.Literal(file.FullPath)}))
            WHERE trim(line) <> ''
            """, cancellationToken);
        // Values are extracted as text once; numbers and dates are cast here like the CSV reader does, and a
        // value that does not cast makes the record a parse error naming the column (kept with its raw line).
        var text = string.Join(", ", file.Source.Columns.Select(c => $"CASE WHEN ok THEN json_extract_string(line, '$.\"{c.Name}\"') END AS {Sql.Ident(c.Name)}"));
        var typed = string.Join(", ", file.Source.Columns.Select(c => c.BronzeIsText ? Sql.Ident(c.Name) : $"TRY_CAST({Sql.Ident(c.Name)} AS {c.BronzeType}) AS {Sql.Ident(c.Name)}"));
        var castErrors = file.Source.Columns.Where(c => !c.BronzeIsText)
            .Select(c => $"CASE WHEN {Sql.Ident(c.Name)} IS NOT NULL AND TRY_CAST({Sql.Ident(c.Name)} AS {c.BronzeType}) IS NULL THEN 'unparseable {c.Name}' END")
            .DefaultIfEmpty("NULL::VARCHAR");
        duck.Execute($"""
            COPY (
                SELECT {typed}, CASE WHEN _parse_error IS NOT NULL THEN line END AS _raw, NULL::VARCHAR AS _raw_header, _parse_error, {lineage}, _row
                FROM (SELECT *, CASE WHEN NOT ok THEN 'unparseable line: not a JSON object' ELSE NULLIF(concat_ws('; ', {string.Join(", ", castErrors)}), '') END AS _parse_error
                      FROM (SELECT line, ok, _row, {text} FROM {lines}))
            ) TO {Sql.Literal(target)} (FORMAT parquet, COMPRESSION snappy);
            DROP TABLE IF EXISTS {lines};
            """, cancellationToken);
    }

    private static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    internal static string Describe(IReadOnlyList<BatchOutcome> outcomes) =>
        string.Create(CultureInfo.InvariantCulture, $"{outcomes.Count(o => !o.Skipped)} new batches, {outcomes.Count(o => o.Skipped)} already ingested");

    private sealed record PendingFile(int Index, RawFile File, string BatchId, string Hash, DateTimeOffset IngestedAt);
}
