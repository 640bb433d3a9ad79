using System.Diagnostics;
using Microsoft.Extensions.Options;
using RiskOps.Api.Errors;
using RiskOps.Api.Hosting;
using RiskOps.Api.Models;
using RiskOps.Api.Observability;
using RiskOps.Api.Seams;

namespace RiskOps.Api.Risk;

/// <summary>
/// Nightly full re-scoring: every customer's online features in batches, one batched inference call per batch
/// (not one call per customer), results into the risk cache and its on-disk snapshot. Safe to re-run: a run
/// replaces the cache entries and the snapshot.
/// </summary>
public sealed class RiskRescoringJob
{
    private readonly ModelCatalog _models;
    private readonly IFeatureSource _features;
    private readonly RiskCache _cache;
    private readonly RiskCacheSnapshotStore _snapshot;
    private readonly LayoutCache _layouts;
    private readonly ServingMetrics _metrics;
    private readonly ServingOptions _options;
    private readonly TimeProvider _time;

    internal RiskRescoringJob(ModelCatalog models, IFeatureSource features, RiskCache cache, RiskCacheSnapshotStore snapshot,
        LayoutCache layouts, ServingMetrics metrics, IOptions<ServingOptions> options, TimeProvider time)
    {
        _models = models;
        _features = features;
        _cache = cache;
        _snapshot = snapshot;
        _layouts = layouts;
        _metrics = metrics;
        _options = options.Value;
        _time = time;
    }

    /// <summary>Re-scores every customer with the Production risk model; progress reports customers done.</summary>
    public async Task<RescoringReport> RunAsync(IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await _models.RefreshAsync(cancellationToken);
        using var lease = _models.AcquireChampion(_options.RiskModel);
        var layout = _layouts.For(lease.Predictor);
        var service = lease.Predictor.Manifest.Signature.FeatureService ?? _options.RiskFeatureService;
        var version = lease.Version.Version;
        var started = Stopwatch.GetTimestamp();
        var now = _time.GetUtcNow();
        var expires = now + _options.RiskCacheTtl;
        var scored = new List<RiskCacheEntry[]>();
        var inFlight = new List<Task<RiskCacheEntry[]>>();
        long done = 0;

        try
        {
            // Reading the next batch overlaps with scoring the previous ones, one scoring task per core.
            await foreach (var batch in _features.ReadAllOnlineAsync(service, _options.RescoringBatchSize, cancellationToken))
            {
                if (inFlight.Count >= Environment.ProcessorCount)
                {
                    var finished = await Task.WhenAny(inFlight);
                    inFlight.Remove(finished);
                    scored.Add(await finished);
                    done += scored[^1].Length;
                    progress?.Report(done);
                }

                inFlight.Add(Task.Run(() => ScoreBatch(batch, lease, layout, version, now, expires), cancellationToken));
            }

            foreach (var task in inFlight)
            {
                scored.Add(await task);
                done += scored[^1].Length;
                progress?.Report(done);
            }
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ServingException))
        {
            throw new ServingException(StatusCodes.Status503ServiceUnavailable, "Feature store unavailable",
                $"Re-scoring could not read the online feature store: {ex.Message}");
        }

        var entries = new List<RiskCacheEntry>(scored.Sum(b => b.Length));
        foreach (var part in scored)
        {
            entries.AddRange(part);
        }

        var scoring = Stopwatch.GetElapsedTime(started);
        var snapshotStarted = Stopwatch.GetTimestamp();
        await _snapshot.SaveAsync(_options.RiskModel, version, layout, entries, now, cancellationToken);
        _snapshot.MarkOwnWrite();
        return new RescoringReport(entries.Count, _options.RiskModel, version, scoring, Stopwatch.GetElapsedTime(snapshotStarted));
    }

    private RiskCacheEntry[] ScoreBatch(IReadOnlyList<EntityFeatures> batch, ModelLease lease, FeatureLayout layout, int version, DateTimeOffset now, DateTimeOffset expires)
    {
        var vectors = new FeatureVector[batch.Count];
        var rows = new IReadOnlyDictionary<string, object?>[batch.Count];
        // When the source already serves every input under its signature name (the feature store does), its row
        // goes to the model as is; otherwise names are resolved through the layout.
        var direct = batch.Count > 0 && layout.Inputs.All(i => batch[0].Values.ContainsKey(i.Name));
        for (var i = 0; i < batch.Count; i++)
        {
            vectors[i] = layout.Extract(batch[i].Values);
            rows[i] = direct ? batch[i].Values : layout.ToRow(vectors[i]);
        }

        var inferenceStarted = Stopwatch.GetTimestamp();
        var predictions = lease.Predictor.Predict(rows);
        _metrics.Inference(_options.RiskModel, Stopwatch.GetElapsedTime(inferenceStarted));
        var entries = new List<RiskCacheEntry>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (!double.IsFinite(predictions[i].Value))
            {
                continue; // left uncached: the online path scores it on demand and reports the failure there
            }

            var entry = new RiskCacheEntry(batch[i].EntityId, Math.Clamp(predictions[i].Value, 0, 1), _options.RiskModel, version, "champion",
                layout, vectors[i], null, now, expires);
            _cache.Set(entry);
            entries.Add(entry);
        }

        _metrics.Prediction(_options.RiskModel, version, "champion", cacheHit: false, batch.Count);
        return [.. entries];
    }
}
