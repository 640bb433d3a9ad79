using RiskOps.Core.Storage;
using RiskOps.Lakehouse.Bronze;
using RiskOps.Lakehouse.Catalog;
using RiskOps.Lakehouse.Engine;
using RiskOps.Lakehouse.Gold;
using RiskOps.Lakehouse.Retention;
using RiskOps.Lakehouse.Silver;

namespace RiskOps.Lakehouse;

/// <summary>
/// The medallion pipeline of the embedded deployment: raw files → bronze → silver (+ quarantine) →
/// gold, on DuckDB over Parquet with the catalog in SQLite. Opening it discards whatever a crashed run
/// left half-written. Every step is idempotent: running it again with no new input changes nothing.
/// </summary>
public sealed class LakehousePipeline : IDisposable
{
    private readonly LakehouseCatalog _catalog;
    private readonly DuckDbSession _duck;
    private readonly BronzeIngestor _bronze;
    private readonly SilverProcessor _silver;
    private readonly GoldBuilder _gold;
    private readonly RetentionManager _retention;

    private LakehousePipeline(DataLayout layout, LakehouseOptions options, TimeProvider time, Action<string>? faultPoint)
    {
        Layout = layout;
        Directory.CreateDirectory(layout.LakehouseDir);
        _catalog = LakehouseCatalog.Open(layout.LakehouseCatalogPath);
        try
        {
            _duck = new DuckDbSession(options, Path.Combine(layout.LakehouseDir, "_tmp"));
            _bronze = new BronzeIngestor(layout, _catalog, time, faultPoint);
            _silver = new SilverProcessor(layout, _catalog, _duck, time, faultPoint);
            _gold = new GoldBuilder(layout, _catalog, _duck, time, faultPoint);
            _retention = new RetentionManager(layout, _catalog, time);
            _bronze.Recover();
            _silver.Recover();
            _gold.Recover();
        }
        catch
        {
            _duck?.Dispose();
            _catalog.Dispose();
            throw;
        }
    }

    /// <summary>The data directory this pipeline works in.</summary>
    public DataLayout Layout { get; }

    /// <summary>Opens the lakehouse under <paramref name="layout"/>, recovering from any interrupted run.</summary>
    public static LakehousePipeline Open(DataLayout layout, LakehouseOptions? options = null, TimeProvider? time = null) =>
        new(layout, options ?? new LakehouseOptions(), time ?? TimeProvider.System, null);

    /// <summary>For crash tests: <paramref name="faultPoint"/> is called at named points inside each commit and may throw.</summary>
    internal static LakehousePipeline OpenWithFaults(DataLayout layout, Action<string> faultPoint, TimeProvider? time = null) =>
        new(layout, new LakehouseOptions { Threads = 1, MemoryLimit = "1GB" }, time ?? TimeProvider.System, faultPoint);

    /// <summary>
    /// Ingests raw files into bronze, one atomic batch per file; files already ingested (same bytes) are skipped.
    /// With no paths, every file under the raw directory. Every file is inspected before any is written.
    /// </summary>
    /// <exception cref="LakehouseException">A file is of an unknown source, not what it claims, or lacks a column.</exception>
    public IReadOnlyList<BatchOutcome> Ingest(IReadOnlyList<string>? paths = null, IProgress<LakehouseProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _bronze.Ingest(paths ?? RawFileInspector.Discover(Layout.RawDir), progress, cancellationToken);

    /// <summary>Processes every bronze batch not yet in silver; returns one quality report per batch processed.</summary>
    public IReadOnlyList<QualityReport> RunSilver(IProgress<LakehouseProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _silver.Run(progress, cancellationToken);

    /// <summary>Rebuilds the gold tables if silver changed since the last build (or <paramref name="force"/>); returns rows per table, empty when skipped.</summary>
    public IReadOnlyDictionary<string, long> RunGold(bool force = false, IProgress<LakehouseProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _gold.Build(force, progress, cancellationToken);

    /// <summary>Ingest → silver → gold.</summary>
    public EtlResult RunEtl(IProgress<LakehouseProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var batches = Ingest(null, progress, cancellationToken);
        var reports = RunSilver(progress, cancellationToken);
        var gold = RunGold(false, progress, cancellationToken);
        return new EtlResult(batches, reports, gold);
    }

    /// <summary>Drops month partitions older than the newest <paramref name="keepMonths"/> months (counting the month of <paramref name="asOf"/>).</summary>
    public IReadOnlyList<string> ApplyRetention(int keepMonths, DateTimeOffset? asOf = null, CancellationToken cancellationToken = default) =>
        _retention.Apply(keepMonths, asOf, cancellationToken);

    /// <summary>Every committed bronze batch, in commit order.</summary>
    public IReadOnlyList<BatchRecord> Batches(string? source = null) => _catalog.Batches(source);

    /// <summary>Quality reports in batch order, optionally for one source.</summary>
    public IReadOnlyList<QualityReport> QualityReports(string? source = null) => _catalog.QualityReports(source);

    /// <summary>Quarantined row counts per batch and reason.</summary>
    public IReadOnlyList<(string BatchId, string Reason, long Rows)> QuarantineReasons(string? source = null) => _catalog.QuarantineReasons(source);

    /// <summary>Wall and process CPU time of each DuckDB statement run so far, labelled by its (shortened) text; empty unless <see cref="LakehouseOptions.ProfileStatements"/>.</summary>
    public IReadOnlyList<(string Statement, TimeSpan Wall, TimeSpan Cpu)> StatementTimings() => _duck.Timings;

    /// <summary>DuckDB's current buffer memory in bytes.</summary>
    public long DuckDbMemoryBytes() => _duck.MemoryUsageBytes(CancellationToken.None);

    /// <summary>Runs a query on the lakehouse's DuckDB session and returns one column of each row as text (for tools and tests).</summary>
    public IReadOnlyList<string?> QueryColumn(string sql, CancellationToken cancellationToken = default, int column = 0) =>
        _duck.Query(sql, r => r.IsDBNull(column) ? null : Convert.ToString(r.GetValue(column), System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    public void Dispose()
    {
        _duck.Dispose();
        _catalog.Dispose();
    }
}
