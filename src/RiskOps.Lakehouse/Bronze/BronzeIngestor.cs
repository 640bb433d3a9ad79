using System.Globalization;
using System.Security.Cryptography;
using RiskOps.Core.Storage;
using RiskOps.Lakehouse.Catalog;
using RiskOps.Lakehouse.Engine;
using RiskOps.Lakehouse.Sources;

namespace RiskOps.Lakehouse.Bronze;

/// <summary>
/// Raw files → append-only bronze Parquet, one batch per file. Every value is kept as text (silver
/// parses), plus lineage columns. A batch is written to a staging folder, renamed into place and its
/// catalog row committed in one SQLite transaction; ingesting the same bytes again adds nothing.
/// </summary>
internal sealed class BronzeIngestor(DataLayout layout, LakehouseCatalog catalog, DuckDbSession duck, TimeProvider time, Action<string>? faultPoint)
{
    private int _tempCounter;

    private string StagingRoot => Path.Combine(layout.BronzeDir, "_staging");

    /// <summary>Discards staging leftovers and batch folders that no committed catalog row names (a crash mid-commit).</summary>
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
        var committed = catalog.Batches().Select(b => b.BatchId).ToHashSet(StringComparer.Ordinal);
        foreach (var sourceDir in Directory.EnumerateDirectories(layout.BronzeDir))
        {
            foreach (var batchDir in Directory.EnumerateDirectories(sourceDir))
            {
                if (!committed.Contains(Path.GetFileName(batchDir)))
                {
                    Directory.Delete(batchDir, recursive: true);
                }
            }
        }
    }

    /// <summary>Inspects every file first (so one bad file stops the run before anything is written), then ingests each as a batch.</summary>
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
            var staged = StageCsvGroups(pending, cancellationToken);
            foreach (var p in pending)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new LakehouseProgress("bronze", p.Index, files.Count, p.File.RelativePath));
                outcomes[p.Index] = IngestOne(p, staged.Contains(p.BatchId), cancellationToken);
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
        progress?.Report(new LakehouseProgress("bronze", files.Count, files.Count, "done"));
        return [.. outcomes.Select(o => o!)];
    }

    /// <summary>
    /// Parses all pending CSV files of a source (with the same header) in one read_csv over the file list
    /// and writes each file's rows to its batch's staging folder (one Parquet partition per batch id).
    /// One statement per source instead of two per file: the per-statement and per-file costs dominated
    /// bronze for the ~9 small files per simulated day and source. Returns the batch ids staged; a batch
    /// whose file yielded no parsed row is left to the per-file path, which writes an empty typed part.
    /// </summary>
    private HashSet<string> StageCsvGroups(List<PendingFile> pending, CancellationToken cancellationToken)
    {
        var staged = new HashSet<string>(StringComparer.Ordinal);
        var groups = pending.Where(p => p.File.Source.Format == SourceFormat.Csv)
            .GroupBy(p => p.File.Source.Name + "\n" + string.Join("\n", p.File.HeaderColumns), StringComparer.Ordinal)
            .Where(g => g.Count() > 1);
        foreach (var group in groups)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var items = group.ToList();
            var first = items[0].File;
            var n = Interlocked.Increment(ref _tempCounter);
            var rejects = $"bronze_rejects_{n}";
            var scans = $"bronze_scans_{n}";
            var groupDir = Path.Combine(StagingRoot, $"_group_{n}");
            var columns = "{" + string.Join(", ", first.HeaderColumns.Select(c => $"{Sql.Literal(c)}: 'VARCHAR'")) + "}";
            var select = string.Join(", ", first.Source.ColumnNames.Select(c => $"r.{Sql.Ident(c)}"));
            var nulls = string.Join(", ", first.Source.ColumnNames.Select(c => $"NULL::VARCHAR AS {Sql.Ident(c)}"));
            var map = $"""
                (VALUES {string.Join(", ", items.Select(p => $"({Sql.Literal(p.File.FullPath)}, {Sql.Literal(p.BatchId)}, {Sql.Literal(p.File.Source.Name)}, {Sql.Literal(p.File.RelativePath)}, {Sql.Timestamp(p.IngestedAt)})"))})
                    m(_file, _batch_id, _source, _source_file, _ingested_at)
                """;
            var parsedDir = Path.Combine(groupDir, "parsed");
            var rejectedDir = Path.Combine(groupDir, "rejected");
            Directory.CreateDirectory(groupDir);
            // Same parser settings as the per-file path (WriteCsv); the reject store keeps broken lines per file.
            duck.Execute($"""
                COPY (
                    SELECT {select}, NULL::VARCHAR AS _raw, NULL::VARCHAR AS _parse_error,
                           m._batch_id, m._source, m._source_file, m._ingested_at, NULL::BIGINT AS _row
                    FROM read_csv({Sql.FileList(items.Select(p => p.File.FullPath))}, header = true, auto_detect = false, columns = {columns},
                                  delim = ',', quote = '"', escape = '"', null_padding = false, filename = true,
                                  store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{scans}') r
                    JOIN {map} ON m._file = r.filename
                ) TO {Sql.Literal(parsedDir)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (_batch_id), WRITE_PARTITION_COLUMNS true)
                """, cancellationToken);
            duck.Execute($"""
                COPY (
                    SELECT {nulls}, any_value(j.csv_line) AS _raw, string_agg(DISTINCT j.error_type::VARCHAR, ', ') AS _parse_error,
                           m._batch_id, any_value(m._source) AS _source, any_value(m._source_file) AS _source_file,
                           any_value(m._ingested_at) AS _ingested_at, j.line::BIGINT AS _row
                    FROM {rejects} j JOIN {scans} s ON s.scan_id = j.scan_id AND s.file_id = j.file_id
                    JOIN {map} ON m._file = s.file_path
                    GROUP BY m._batch_id, j.line
                ) TO {Sql.Literal(rejectedDir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_batch_id), WRITE_PARTITION_COLUMNS true);
                DROP TABLE IF EXISTS {rejects};
                DROP TABLE IF EXISTS {scans};
                """, cancellationToken);
            foreach (var p in items)
            {
                var parsed = Path.Combine(parsedDir, $"_batch_id={p.BatchId}");
                if (!Directory.Exists(parsed))
                {
                    continue;
                }
                var staging = Path.Combine(StagingRoot, p.BatchId);
                Directory.CreateDirectory(staging);
                MoveParts(parsed, staging, "part-0");
                MoveParts(Path.Combine(rejectedDir, $"_batch_id={p.BatchId}"), staging, "part-1");
                staged.Add(p.BatchId);
            }
            Directory.Delete(groupDir, recursive: true);
        }
        return staged;
    }

    private static void MoveParts(string from, string to, string prefix)
    {
        if (!Directory.Exists(from))
        {
            return;
        }
        var i = 0;
        foreach (var file in Directory.EnumerateFiles(from, "*.parquet").Order(StringComparer.Ordinal).ToList())
        {
            File.Move(file, Path.Combine(to, string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i++}.parquet")));
        }
    }

    private BatchOutcome IngestOne(PendingFile pending, bool staged, CancellationToken cancellationToken)
    {
        var file = pending.File;
        var batchId = pending.BatchId;
        var staging = Path.Combine(StagingRoot, batchId);
        var final = Path.Combine(layout.BronzeDir, file.Source.Name, batchId);
        var ingestedAt = pending.IngestedAt;
        if (!staged)
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
            Directory.CreateDirectory(staging);
        }
        try
        {
            var lineage = $"""
                {Sql.Literal(batchId)} AS _batch_id, {Sql.Literal(file.Source.Name)} AS _source,
                {Sql.Literal(file.RelativePath)} AS _source_file, {Sql.Timestamp(ingestedAt)} AS _ingested_at
                """;
            if (staged)
            {
                faultPoint?.Invoke("bronze:part-written");
            }
            else if (file.Source.Format == SourceFormat.Csv)
            {
                WriteCsv(file, staging, lineage, cancellationToken);
            }
            else
            {
                WriteJsonLines(file, staging, lineage, cancellationToken);
            }
            var rows = duck.Scalar<long>($"SELECT count(*) FROM read_parquet({Sql.Literal(Path.Combine(staging, "*.parquet"))})", cancellationToken);
            faultPoint?.Invoke("bronze:staged");
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            catalog.CommitBatch(batchId, file.Source.Name, file.RelativePath, pending.Hash, rows, ingestedAt, () =>
            {
                Directory.Move(staging, final);
                faultPoint?.Invoke("bronze:published");
            });
            return new BatchOutcome(file.RelativePath, file.Source.Name, batchId, rows, Skipped: false);
        }
        catch
        {
            // Only the staging folder is ours to clean here; a folder already renamed into place without
            // a committed row is removed by Recover(), exactly as after a real crash.
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
            throw;
        }
    }

    private void WriteCsv(RawFile file, string staging, string lineage, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _tempCounter);
        var rejects = $"bronze_rejects_{n}";
        var scans = $"bronze_scans_{n}";
        var columns = "{" + string.Join(", ", file.HeaderColumns.Select(c => $"{Sql.Literal(c)}: 'VARCHAR'")) + "}";
        var select = string.Join(", ", file.Source.ColumnNames.Select(Sql.Ident));
        // No row number for parsed lines: row_number() OVER () makes DuckDB buffer the whole file and
        // more than doubled the time of this step; a rejected line keeps its line number.
        // Structurally broken lines (too few or too many fields, bad quoting) are kept by DuckDB's
        // reject store and written to bronze as raw text with the parser's reason, so silver can
        // quarantine them instead of the whole file failing or rows vanishing.
        duck.Execute($"""
            COPY (
                SELECT {select}, NULL::VARCHAR AS _raw, NULL::VARCHAR AS _parse_error, {lineage}, NULL::BIGINT AS _row
                FROM read_csv({Sql.Literal(file.FullPath)}, header = true, auto_detect = false, columns = {columns},
                              delim = ',', quote = '"', escape = '"', null_padding = false,
                              store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{scans}')
            ) TO {Sql.Literal(Path.Combine(staging, "part-0.parquet"))} (FORMAT parquet, COMPRESSION snappy)
            """, cancellationToken);
        faultPoint?.Invoke("bronze:part-written");
        var nulls = string.Join(", ", file.Source.ColumnNames.Select(c => $"NULL::VARCHAR AS {Sql.Ident(c)}"));
        duck.Execute($"""
            COPY (
                SELECT {nulls}, any_value(csv_line) AS _raw,
                       string_agg(DISTINCT error_type::VARCHAR, ', ') AS _parse_error, {lineage}, line::BIGINT AS _row
                FROM {rejects} GROUP BY line
            ) TO {Sql.Literal(Path.Combine(staging, "part-1.parquet"))} (FORMAT parquet, COMPRESSION zstd);
            DROP TABLE IF EXISTS {rejects};
            DROP TABLE IF EXISTS {scans};
            """, cancellationToken);
    }

    private void WriteJsonLines(RawFile file, string staging, string lineage, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _tempCounter);
        var lines = $"bronze_lines_{n}";
        duck.Execute($"""
            CREATE OR REPLACE TEMP TABLE {lines} AS
            SELECT line, row_number() OVER () AS _row, CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END AS ok
            FROM (SELECT unnest(string_split(replace(content, chr(13), ''), chr(10))) AS line FROM read_text({Sql.Literal(file.FullPath)}))
            WHERE trim(line) <> ''
            """, cancellationToken);
        var select = string.Join(", ", file.Source.ColumnNames.Select(c => $"CASE WHEN ok THEN json_extract_string(line, '$.\"{c}\"') END AS {Sql.Ident(c)}"));
        duck.Execute($"""
            COPY (
                SELECT {select}, CASE WHEN NOT ok THEN line END AS _raw, CASE WHEN NOT ok THEN 'not a JSON object' END AS _parse_error,
                       {lineage}, _row
                FROM {lines}
            ) TO {Sql.Literal(Path.Combine(staging, "part-0.parquet"))} (FORMAT parquet, COMPRESSION zstd);
            DROP TABLE IF EXISTS {lines};
            """, cancellationToken);
        faultPoint?.Invoke("bronze:part-written");
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
