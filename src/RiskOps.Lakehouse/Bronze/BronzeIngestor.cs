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
        var outcomes = new List<BatchOutcome>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = files[i];
            progress?.Report(new LakehouseProgress("bronze", i, files.Count, file.RelativePath));
            var hash = HashFile(file.FullPath);
            if (!seen.Add(hash) || catalog.HasHash(hash))
            {
                outcomes.Add(new BatchOutcome(file.RelativePath, file.Source.Name, null, 0, Skipped: true));
                continue;
            }
            outcomes.Add(IngestOne(file, hash, cancellationToken));
        }
        progress?.Report(new LakehouseProgress("bronze", files.Count, files.Count, "done"));
        return outcomes;
    }

    private BatchOutcome IngestOne(RawFile file, string hash, CancellationToken cancellationToken)
    {
        var batchId = $"{file.Source.Name}-{hash[..16]}";
        var staging = Path.Combine(StagingRoot, batchId);
        var final = Path.Combine(layout.BronzeDir, file.Source.Name, batchId);
        var ingestedAt = time.GetUtcNow();
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
        Directory.CreateDirectory(staging);
        try
        {
            var lineage = $"""
                {Sql.Literal(batchId)} AS _batch_id, {Sql.Literal(file.Source.Name)} AS _source,
                {Sql.Literal(file.RelativePath)} AS _source_file, {Sql.Timestamp(ingestedAt)} AS _ingested_at
                """;
            if (file.Source.Format == SourceFormat.Csv)
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
            catalog.CommitBatch(batchId, file.Source.Name, file.RelativePath, hash, rows, ingestedAt, () =>
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
}
