namespace RiskOps.Lakehouse.Catalog;

/// <summary>A committed bronze batch: one raw file, ingested once.</summary>
/// <param name="Seq">Commit order; silver processes batches in this order.</param>
/// <param name="BatchId">Stable id derived from the content hash.</param>
/// <param name="Source">Raw source name.</param>
/// <param name="SourceFile">Path of the raw file relative to the raw directory.</param>
/// <param name="ContentHash">SHA-256 of the file's bytes (hex).</param>
/// <param name="Rows">Records in the raw file (data lines, including lines that cannot be parsed; not the CSV header or empty lines).</param>
/// <param name="IngestedAt">When the batch was committed (UTC).</param>
/// <param name="SilverRun">The silver run that processed it, null while pending.</param>
public sealed record BatchRecord(long Seq, string BatchId, string Source, string SourceFile, string ContentHash, long Rows, DateTimeOffset IngestedAt, long? SilverRun)
{
    /// <summary>
    /// The folder under <c>bronze/&lt;source&gt;/</c> holding the batch's raw file (<c>&lt;batch id&gt;.csv|jsonl</c>): the
    /// batches of one source ingested together share a folder. Folders written before that are named after the batch id.
    /// </summary>
    public string BronzeDir { get; init; } = BatchId;

    /// <summary>The delivery date from the file's path (<c>&lt;source&gt;/&lt;yyyy-MM-dd&gt;/…</c>), or null for a reference file.</summary>
    public DateOnly? DeliveryDate
    {
        get
        {
            var parts = SourceFile.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            return parts.Length >= 3 && DateOnly.TryParseExact(parts[^2], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
                ? date
                : null;
        }
    }
}
