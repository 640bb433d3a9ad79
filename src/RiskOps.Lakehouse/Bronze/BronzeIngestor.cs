using System.Globalization;
using System.Runtime.ExceptionServices;
using RiskOps.Core.Storage;
using RiskOps.Lakehouse.Catalog;

namespace RiskOps.Lakehouse.Bronze;

/// <summary>
/// Raw files → bronze, one immutable batch per file: bronze keeps the delivered bytes as they are (a copy named
/// after the batch id, so a later change to the landing file cannot alter it) and the catalog holds the lineage
/// (source, batch id, original file, ingestion time, content hash, record count). Parsing happens once, in
/// silver, straight from these files: writing a typed Parquet copy here cost more CPU than the parse itself
/// (measured 1.36 CPU-s of a 9.1 CPU-s run for 711 K telematics rows) and silver then had to read it again.
/// The batches of one source ingested together share a folder, staged, renamed into place and committed in
/// one SQLite transaction; ingesting the same bytes again adds nothing.
/// </summary>
internal sealed class BronzeIngestor(DataLayout layout, LakehouseCatalog catalog, TimeProvider time, Action<string>? faultPoint)
{
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
        // Hashing and counting is the whole CPU cost of bronze and one file does not depend on another: use every core.
        var scans = new (string Hash, long Records)[files.Count];
        try
        {
            Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken },
                i => scans[i] = RawFileScanner.HashAndCount(files[i].FullPath, files[i].Source.Format));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report the first failure (e.g. a file that vanished after inspection) as itself, not wrapped.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        for (var i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = files[i];
            var (hash, records) = scans[i];
            if (!seen.Add(hash) || catalog.HasHash(hash))
            {
                outcomes[i] = new BatchOutcome(file.RelativePath, file.Source.Name, null, 0, Skipped: true);
                continue;
            }
            pending.Add(new PendingFile(i, file, $"{file.Source.Name}-{hash[..16]}", hash, records, time.GetUtcNow()));
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
    /// Copies the new files of one source into one staging folder (one file per batch, named after the batch id),
    /// then renames the folder into place and commits all its batches in one catalog transaction.
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
            foreach (var p in items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // A copy, not a hard link: the landing zone may be edited or reused, bronze must not change with it.
                File.Copy(p.File.FullPath, Path.Combine(staging, BronzeFileName(p.BatchId, p.File.FullPath)));
            }
            faultPoint?.Invoke("bronze:part-written");
            faultPoint?.Invoke("bronze:staged");
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            var rows = items.Select(p => (p.BatchId, p.File.RelativePath, p.Hash, p.Records, p.IngestedAt)).ToList();
            catalog.CommitBatches(rows, source.Name, folder, () =>
            {
                Directory.Move(staging, final);
                faultPoint?.Invoke("bronze:published");
            });
            return [.. items.Select(p => (p.Index, new BatchOutcome(p.File.RelativePath, source.Name, p.BatchId, p.Records, Skipped: false)))];
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

    /// <summary>The name of a batch's raw file inside its bronze folder: the batch id and the delivered extension.</summary>
    public static string BronzeFileName(string batchId, string rawPath) => batchId + Path.GetExtension(rawPath).ToLowerInvariant();

    internal static string Describe(IReadOnlyList<BatchOutcome> outcomes) =>
        string.Create(CultureInfo.InvariantCulture, $"{outcomes.Count(o => !o.Skipped)} new batches, {outcomes.Count(o => o.Skipped)} already ingested");

    private sealed record PendingFile(int Index, RawFile File, string BatchId, string Hash, long Records, DateTimeOffset IngestedAt);
}
