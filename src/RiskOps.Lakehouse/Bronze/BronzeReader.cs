using System.Globalization;
using RiskOps.Core.Storage;
using RiskOps.Lakehouse.Catalog;
using RiskOps.Lakehouse.Engine;
using RiskOps.Lakehouse.Sources;

namespace RiskOps.Lakehouse.Bronze;

/// <summary>
/// Reads bronze batches (the raw files as delivered) as typed relations, for silver's single parse. CSV: one
/// DuckDB <c>read_csv</c> per header layout over all the batches' files, with explicit typed <c>columns</c> (no
/// sniffing) and <c>store_rejects</c>: numbers become <c>DOUBLE</c> and dates <c>DATE</c> while parsing; ids, enums,
/// flags and timestamps stay text for silver's own rules. A line the reader rejects is not dropped and no value
/// becomes a silent NULL: it comes back from the reject tables with its raw line, the file's header, its line
/// number and the reason (<c>unparseable distance_km</c>, <c>unparseable line: MISSING COLUMNS</c>, …). JSON lines
/// (small feeds) are extracted, all files of a source in one statement, into a temporary table the same way.
/// </summary>
internal sealed class BronzeReader(DataLayout layout, DuckDbSession duck)
{
    private int _counter;

    /// <summary>The bronze file of a batch.</summary>
    /// <exception cref="LakehouseException">The batch was written by an earlier version (typed Parquet), which silver no longer reads.</exception>
    public string FileOf(BatchRecord batch)
    {
        var dir = Path.Combine(layout.BronzeDir, batch.Source, batch.BronzeDir);
        var file = Directory.Exists(dir) ? Directory.EnumerateFiles(dir, batch.BatchId + ".*").FirstOrDefault() : null;
        return file ?? throw new LakehouseException(
            $"bronze batch {batch.BatchId} ({batch.SourceFile}) has no raw file under {dir}: it was ingested by an earlier version as Parquet; rebuild this lakehouse from its raw files");
    }

    /// <summary>Relations over the pending batches of one source; run <see cref="BronzeScan.Cleanup"/> when done with them.</summary>
    public BronzeScan Scan(SourceDefinition source, IReadOnlyList<BatchRecord> batches, CancellationToken cancellationToken)
    {
        var rows = new List<string>();
        var rejects = new List<string>();
        var cleanup = new List<string>();
        var files = batches.Select(b => (Batch: b, File: RawFileInspector.Inspect(layout.BronzeDir, FileOf(b)))).ToList();
        if (source.Format == SourceFormat.Csv)
        {
            foreach (var group in files.GroupBy(f => string.Join("\n", f.File.HeaderColumns), StringComparer.Ordinal))
            {
                var (relation, reject, drop) = Csv(source, [.. group]);
                rows.Add(relation);
                rejects.Add(reject);
                cleanup.Add(drop);
            }
        }
        else if (files.Count > 0)
        {
            var (relation, drop) = JsonLines(source, files, cancellationToken);
            rows.Add(relation);
            cleanup.Add(drop);
        }
        return new BronzeScan(rows, rejects, string.Concat(cleanup));
    }

    /// <summary>The batches' files with their lineage, as a relation <c>m(_file, _seq, _delivery, _ingested_at)</c> to join on the reader's filename.</summary>
    private static string Map(List<(BatchRecord Batch, RawFile File)> files) => $"""
        (SELECT * FROM (VALUES {string.Join(", ", files.Select(f => string.Create(CultureInfo.InvariantCulture,
            $"({Sql.Literal(f.File.FullPath)}, {f.Batch.Seq}::BIGINT, {(f.Batch.DeliveryDate is { } d ? $"DATE '{d:yyyy-MM-dd}'" : "NULL::DATE")}, {Sql.Timestamp(f.Batch.IngestedAt)})")))})
            m(_file, _seq, _delivery, _ingested_at)) m
        """;

    private (string Rows, string Rejects, string Cleanup) Csv(SourceDefinition source, List<(BatchRecord Batch, RawFile File)> group)
    {
        var n = Interlocked.Increment(ref _counter);
        var rejects = $"silver_rejects_{n}";
        var scans = $"silver_scans_{n}";
        var first = group[0].File;
        var columns = ColumnTypes(source, first.HeaderColumns);
        var select = string.Join(", ", source.Columns.Select(c => $"r.{Sql.Ident(c.Name)}"));
        var nulls = string.Join(", ", source.Columns.Select(c => $"NULL::{c.BronzeType} AS {Sql.Ident(c.Name)}"));
        var header = Sql.Literal(string.Join(",", first.HeaderColumns));
        var map = Map(group);
        // No row number for parsed lines: row_number() OVER () makes DuckDB buffer whole files and more than
        // doubled the parse; a rejected line keeps its line number.
        var rows = $"""
            SELECT {select}, NULL::VARCHAR AS _raw, NULL::VARCHAR AS _raw_header, NULL::VARCHAR AS _parse_error, NULL::BIGINT AS _row,
                   m._seq, m._delivery, m._ingested_at
            FROM read_csv({Sql.FileList(group.Select(g => g.File.FullPath))}, header = true, auto_detect = false, columns = {columns},
                          delim = ',', quote = '"', escape = '"', null_padding = false, filename = true,
                          store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{scans}') r
            JOIN {map} ON m._file = r.filename
            """;
        // A line can have several errors (a missing field shifts every later value into a cast error): the
        // structural error wins; otherwise the reason names each column whose value did not cast.
        var rejected = $"""
            SELECT {nulls}, any_value(j.csv_line) AS _raw, {header} AS _raw_header,
                   CASE WHEN bool_or(j.error_type::VARCHAR <> 'CAST')
                        THEN 'unparseable line: ' || string_agg(DISTINCT j.error_type::VARCHAR, ', ' ORDER BY j.error_type::VARCHAR) FILTER (j.error_type::VARCHAR <> 'CAST')
                        ELSE string_agg(DISTINCT 'unparseable ' || j.column_name, '; ' ORDER BY 'unparseable ' || j.column_name) END AS _parse_error,
                   j.line::BIGINT AS _row, m._seq, any_value(m._delivery) AS _delivery, any_value(m._ingested_at) AS _ingested_at
            FROM {rejects} j JOIN {scans} s ON s.scan_id = j.scan_id AND s.file_id = j.file_id
            JOIN {map} ON m._file = s.file_path
            GROUP BY m._seq, j.line
            """;
        return (rows, rejected, $"DROP TABLE IF EXISTS {rejects}; DROP TABLE IF EXISTS {scans};");
    }

    /// <summary>The <c>columns</c> argument of DuckDB's readers: each of <paramref name="names"/> (in file order) with its parse type.</summary>
    internal static string ColumnTypes(SourceDefinition source, IEnumerable<string> names)
    {
        var spec = source.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        return "{" + string.Join(", ", names.Select(c => $"{Sql.Literal(c)}: '{spec[c].BronzeType}'")) + "}";
    }

    /// <summary>
    /// All JSON lines files of the source in one statement (read_text takes the file list): a statement per small
    /// daily file cost more than the work in it. <c>_row</c> is the line number in the file.
    /// </summary>
    private (string Rows, string Cleanup) JsonLines(SourceDefinition source, List<(BatchRecord Batch, RawFile File)> files, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _counter);
        var table = $"silver_json_{n}";
        var map = Map(files);
        // Values are extracted as text once; numbers and dates are cast here like the CSV reader does, and a
        // value that does not cast makes the record a parse error naming the column (kept with its raw line).
        var text = string.Join(", ", source.Columns.Select(c => $"CASE WHEN ok THEN json_extract_string(line, '$.\"{c.Name}\"') END AS {Sql.Ident(c.Name)}"));
        var typed = string.Join(", ", source.Columns.Select(c => c.BronzeIsText ? Sql.Ident(c.Name) : $"TRY_CAST({Sql.Ident(c.Name)} AS {c.BronzeType}) AS {Sql.Ident(c.Name)}"));
        var castErrors = source.Columns.Where(c => !c.BronzeIsText)
            .Select(c => $"CASE WHEN {Sql.Ident(c.Name)} IS NOT NULL AND TRY_CAST({Sql.Ident(c.Name)} AS {c.BronzeType}) IS NULL THEN 'unparseable {c.Name}' END")
            .DefaultIfEmpty("NULL::VARCHAR");
        duck.Execute($"""
            CREATE OR REPLACE TEMP TABLE {table} AS
            WITH lines AS (
                SELECT filename, unnest(l) AS line, generate_subscripts(l, 1)::BIGINT AS _row
                FROM (SELECT filename, string_split(replace(content, chr(13), ''), chr(10)) AS l FROM read_text({Sql.FileList(files.Select(f => f.File.FullPath))}))
            ),
            records AS (
                SELECT filename, line, _row, CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END AS ok
                FROM lines WHERE trim(line) <> ''
            )
            SELECT {typed}, CASE WHEN _parse_error IS NOT NULL THEN line END AS _raw, NULL::VARCHAR AS _raw_header, _parse_error, _row,
                   m._seq, m._delivery, m._ingested_at
            FROM (SELECT *, CASE WHEN NOT ok THEN 'unparseable line: not a JSON object' ELSE NULLIF(concat_ws('; ', {string.Join(", ", castErrors)}), '') END AS _parse_error
                  FROM (SELECT filename, line, ok, _row, {text} FROM records)) r
            JOIN {map} ON m._file = r.filename
            """, cancellationToken);
        return ($"SELECT * FROM {table}", $"DROP TABLE IF EXISTS {table};");
    }
}
