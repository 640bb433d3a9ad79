using Microsoft.Extensions.Options;
using RiskOps.Api.Demand;
using RiskOps.Api.Models;
using RiskOps.Api.Risk;

namespace RiskOps.Api.Hosting;

/// <summary>
/// Keeps the running service current without a restart: polls the registry for a newly promoted model, and
/// reloads the surge grid and the risk cache snapshot when a job in another process (the CLI) rewrote them.
/// </summary>
internal sealed partial class ServingRefreshService(
    ModelCatalog catalog,
    SurgeGridStore surgeStore,
    SurgeGridHolder surge,
    RiskCacheSnapshotStore snapshot,
    RiskCache cache,
    IOptions<ServingOptions> options,
    TimeProvider time,
    ILogger<ServingRefreshService> logger) : BackgroundService
{
    private DateTime? _surgeSeen;
    private (DateTime? Written, int? Version) _snapshotSeen;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    /// <summary>
    /// How often expired cache entries are dropped. Lookups already ignore expired entries, so sweeping only frees
    /// memory; walking 500,000 entries every poll (5 s) was a CPU burst that served requests queued behind.
    /// </summary>
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await RefreshOnceAsync(stoppingToken);
            try
            {
                await Task.Delay(options.Value.ModelPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    internal async Task RefreshOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await catalog.RefreshAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(logger, ex, "models");
        }

        try
        {
            var surgeWritten = surgeStore.LastWrite;
            if (surgeWritten is not null && surgeWritten != _surgeSeen)
            {
                if (surgeWritten == surgeStore.OwnWrite)
                {
                    _surgeSeen = surgeWritten; // this process computed that grid and already holds it
                }
                else if (await surgeStore.LoadAsync(cancellationToken) is { } grid)
                {
                    surge.Set(grid);
                    _surgeSeen = surgeWritten;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(logger, ex, "surge grid");
        }

        try
        {
            var version = catalog.ChampionVersion(options.Value.RiskModel);
            var written = snapshot.LastWrite;
            if (version is not null && written is not null && (written, version) != _snapshotSeen)
            {
                // A snapshot this process wrote holds entries that are already in its cache.
                if (written != snapshot.OwnWrite)
                {
                    var entries = await snapshot.LoadAsync(options.Value.RiskModel, version.Value, time.GetUtcNow(), cancellationToken);
                    foreach (var entry in entries)
                    {
                        cache.Set(entry);
                    }

                    LogSnapshotLoaded(logger, entries.Count, version.Value);
                }

                _snapshotSeen = (written, version);
            }

            if (time.GetUtcNow() - _lastSweep >= SweepInterval)
            {
                var now = time.GetUtcNow();
                cache.Sweep();
                _lastSweep = now; // after the sweep: a concurrent refresh sweeps too rather than return before it is done
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(logger, ex, "risk cache snapshot");
        }
    }

    [LoggerMessage(EventId = 5400, Level = LogLevel.Warning, Message = "Refreshing {What} failed; keeping what is loaded")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string what);

    [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "Loaded {Count} risk cache entries of model version {Version} from the snapshot")]
    private static partial void LogSnapshotLoaded(ILogger logger, int count, int version);
}
