using RiskOps.Core.Storage;
using RiskOps.Features.Definitions;
using RiskOps.Features.Materialization;
using RiskOps.Features.Offline;
using RiskOps.Features.Online;
using RiskOps.Features.Registry;

namespace RiskOps.Features;

/// <summary>
/// The feature store of one data directory: registry, point-in-time offline retrieval (DuckDB over
/// gold Parquet), the online store and materialization between them. Training calls
/// <see cref="GetHistoricalFeaturesAsync"/>; serving calls <see cref="GetOnlineReader"/> and, when
/// the online store is unavailable, <see cref="ReadOfflineLatestAsync"/>.
/// </summary>
public sealed class FeatureStore : IDisposable
{
    private readonly DataLayout _layout;
    private readonly TimeProvider _time;
    private readonly FeatureStoreOptions _options;
    private readonly OfflineStore _offline;

    private FeatureStore(DataLayout layout, TimeProvider time, FeatureStoreOptions options, IOnlineStore onlineStore)
    {
        _layout = layout;
        _time = time;
        _options = options;
        Registry = new FeatureRegistry(layout, time);
        OnlineStore = onlineStore;
        _offline = new OfflineStore(layout, options);
    }

    /// <summary>
    /// Opens the store under <see cref="DataLayout.FeatureStoreDir"/>. Without <paramref name="onlineStore"/>,
    /// the embedded <see cref="InMemoryOnlineStore"/> is loaded from its snapshot (<c>features/online/</c>).
    /// </summary>
    public static FeatureStore Open(DataLayout layout, TimeProvider? time = null, FeatureStoreOptions? options = null, IOnlineStore? onlineStore = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new FeatureStore(layout, time ?? TimeProvider.System, options ?? new FeatureStoreOptions(),
            onlineStore ?? new InMemoryOnlineStore(Path.Combine(layout.FeatureStoreDir, "online")));
    }

    /// <summary>Views, services, materialization state and statistics.</summary>
    public FeatureRegistry Registry { get; }

    /// <summary>The online store.</summary>
    public IOnlineStore OnlineStore { get; }

    /// <summary>
    /// Registers the built-in views whose gold tables exist and the services whose views are all
    /// registered. Returns one line per definition: registered, or why not.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApplyBuiltInsAsync(CancellationToken cancellationToken)
    {
        var report = new List<string>();
        var registered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var view in BuiltInFeatures.Views)
        {
            try
            {
                await Registry.RegisterViewAsync(view, cancellationToken);
                registered.Add(view.Name);
                report.Add($"view {view.Name}: registered ({view.Schema.Count} features)");
            }
            catch (FeatureStoreException ex)
            {
                report.Add($"view {view.Name}: skipped: {ex.Message}");
            }
        }
        foreach (var service in BuiltInFeatures.Services)
        {
            var missing = service.Selections.Select(s => s.View).Where(v => !registered.Contains(v)).Distinct().ToList();
            if (missing.Count > 0)
            {
                report.Add($"service {service.Name}: skipped: views not registered: {string.Join(", ", missing)}");
                continue;
            }
            var version = Registry.RegisterService(service);
            report.Add($"service {service.Name}: v{version} ({Registry.GetService(service.Name, version).Features.Count} features)");
        }
        return report;
    }

    /// <summary>
    /// Builds a point-in-time correct training set for a feature service and writes it to
    /// <see cref="HistoricalFeaturesRequest.OutputPath"/> as Parquet: for each entity row, each view's
    /// latest row with event_ts ≤ the row's timestamp and event_ts ≥ timestamp − TTL, ties broken by
    /// the latest created_ts; features without such a row are null.
    /// </summary>
    public Task<HistoricalFeaturesResult> GetHistoricalFeaturesAsync(HistoricalFeaturesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = Registry.GetPlan(request.Service, request.ServiceVersion);
        return _offline.GetHistoricalFeaturesAsync(plan, request, cancellationToken);
    }

    /// <summary>An online reader for a feature service (latest version if <paramref name="version"/> is null). Keep and reuse it.</summary>
    public OnlineFeatureReader GetOnlineReader(string service, int? version = null)
    {
        var plan = Registry.GetPlan(service, version);
        var selections = plan.Parts.Select(p => new OnlineViewSelection(
            p.View.Name, p.Fields.Select(f => f.Name).ToList(), plan.Service.JoinKeys.ToList().IndexOf(p.View.Entity))).ToList();
        return new OnlineFeatureReader(plan.Service, OnlineStore.CreateReader(selections), _time);
    }

    /// <summary>
    /// The fallback tier: each entity's latest values straight from the offline store (within TTL, as
    /// of now), flagged <see cref="FeatureReadSource.OfflineFallback"/>. Slower (one DuckDB query per call).
    /// </summary>
    public Task<OnlineFeatureBatch> ReadOfflineLatestAsync(string service, IReadOnlyList<string> entityIds, CancellationToken cancellationToken, int? version = null)
    {
        ArgumentNullException.ThrowIfNull(entityIds);
        var plan = Registry.GetPlan(service, version);
        return _offline.ReadLatestAsync(plan, entityIds, _time.GetUtcNow(), cancellationToken);
    }

    /// <summary>Materializes the online views (or <paramref name="views"/>) for event timestamps in [start, end).</summary>
    public async Task<MaterializationReport> MaterializeAsync(DateTimeOffset start, DateTimeOffset end, IReadOnlyList<string>? views, CancellationToken cancellationToken)
    {
        if (start >= end)
        {
            throw new FeatureStoreException($"materialize needs START < END (got {start:O} and {end:O})");
        }
        var materializer = new Materializer(_layout, Registry, OnlineStore, _options, _time);
        var results = new List<ViewMaterialization>();
        foreach (var view in SelectViews(views))
        {
            results.Add(await materializer.MaterializeRangeAsync(view, start, end, cancellationToken));
        }
        await OnlineStore.CompactAsync(cancellationToken);
        return new MaterializationReport(results);
    }

    /// <summary>Materializes what changed since each view's last run (rows created after its watermark), up to now.</summary>
    public async Task<MaterializationReport> MaterializeIncrementalAsync(IReadOnlyList<string>? views, CancellationToken cancellationToken)
    {
        var materializer = new Materializer(_layout, Registry, OnlineStore, _options, _time);
        var results = new List<ViewMaterialization>();
        foreach (var view in SelectViews(views))
        {
            results.Add(await materializer.MaterializeIncrementalAsync(view, cancellationToken));
        }
        await OnlineStore.CompactAsync(cancellationToken);
        return new MaterializationReport(results);
    }

    /// <summary>Freshness and row counts of a view: offline source rows and latest event, last materialization, online contents.</summary>
    public async Task<FeatureViewStatus> GetViewStatusAsync(string view, CancellationToken cancellationToken)
    {
        var definition = Registry.GetView(view);
        await using var duck = await DuckDbSession.OpenAsync(Path.Combine(_layout.FeatureStoreDir, "tmp"), _options.DuckDbMemoryLimit, cancellationToken);
        long rows = 0;
        DateTimeOffset? latest = null;
        try
        {
            await using var command = duck.CreateCommand();
            command.CommandText = $"SELECT count(*), max(CAST({SourceSql.Quote(definition.EventTimestampField)} AS TIMESTAMP)) FROM {SourceSql.TableReader(_layout, definition.Source.Table)}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            rows = reader.GetInt64(0);
            latest = reader.IsDBNull(1) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc));
        }
        catch (DuckDB.NET.Data.DuckDBException ex)
        {
            throw new FeatureStoreException($"view '{view}': cannot read source '{definition.Source.Table}': {DuckDbSession.FirstLine(ex)}", ex);
        }
        return new FeatureViewStatus(definition, rows, latest, Registry.GetMaterialization(view), OnlineStore.GetViewInfo(view));
    }

    public void Dispose()
    {
        Registry.Dispose();
        OnlineStore.Dispose();
    }

    private List<FeatureView> SelectViews(IReadOnlyList<string>? names)
    {
        if (names is { Count: > 0 })
        {
            return names.Select(Registry.GetView).ToList();
        }
        var online = Registry.ListViews().Where(v => v.Online).ToList();
        return online.Count > 0 ? online : throw new FeatureStoreException("no online feature views are registered; run `riskops features apply` first");
    }
}
