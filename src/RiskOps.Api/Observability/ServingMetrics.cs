using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RiskOps.Api.Observability;

/// <summary>The service's own instruments (request rate, latency and errors come from ASP.NET Core's meter).</summary>
internal sealed class ServingMetrics
{
    public const string MeterName = "RiskOps.Api";

    // Sub-millisecond resolution: the targets are p99 of 2–5 ms, so default buckets (5 ms and up) would hide them.
    private static readonly IReadOnlyList<double> s_secondsBuckets =
        [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

    private static readonly object s_true = true;
    private static readonly object s_false = false;

    private static readonly object[] s_versions = [.. Enumerable.Range(0, 256).Select(v => (object)v)];

    private readonly Counter<long> _predictions;
    private readonly Counter<long> _cacheRequests;
    private readonly Histogram<double> _featureFetch;
    private readonly Histogram<double> _inference;
    private readonly Counter<long> _logShed;
    private readonly Counter<long> _logWritten;
    private readonly Counter<long> _degraded;
    private readonly Counter<long> _modelLoadFailures;
    private readonly Counter<long> _modelSwaps;
    private readonly Counter<long> _checkpointFailures;

    public ServingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _predictions = meter.CreateCounter<long>("riskops.predictions", "{prediction}", "Predictions served, per model, version and A/B variant.");
        _cacheRequests = meter.CreateCounter<long>("riskops.risk_cache.requests", "{request}", "Risk cache lookups by result (hit or miss); hit rate = hit / all.");
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = s_secondsBuckets };
        _featureFetch = meter.CreateHistogram("riskops.feature_fetch.duration", "s", "Feature fetch time by source (online, offline).", advice: advice);
        _inference = meter.CreateHistogram("riskops.inference.duration", "s", "Model inference time per call.", advice: advice);
        _logShed = meter.CreateCounter<long>("riskops.prediction_log.shed", "{entry}", "Prediction log entries dropped because the queue was full.");
        _logWritten = meter.CreateCounter<long>("riskops.prediction_log.written", "{entry}", "Prediction log entries written.");
        _degraded = meter.CreateCounter<long>("riskops.degraded_responses", "{response}", "Responses served from the fallback tier (offline store).");
        _modelLoadFailures = meter.CreateCounter<long>("riskops.model.load_failures", "{failure}", "Model versions that failed to load (the previous one kept serving).");
        _modelSwaps = meter.CreateCounter<long>("riskops.model.swaps", "{swap}", "Hot swaps to a newly promoted model version.");
        _checkpointFailures = meter.CreateCounter<long>("riskops.sqlite.checkpoint_failures", "{failure}",
            "Background WAL checkpoints that failed, per store (the data stays in the WAL; a growing count means the WAL keeps growing).");
        meter.CreateObservableGauge("riskops.surge_grid.age", () => SurgeGridAgeSeconds(), "s", "Age of the current surge grid.");
        meter.CreateObservableGauge("riskops.surge_grid.stale", () => SurgeGridStale() ? 1 : 0, "{flag}", "1 when the surge grid is older than the staleness limit.");
        meter.CreateObservableGauge("riskops.risk_cache.entries", () => RiskCacheEntries(), "{entry}", "Entries in the risk cache.");
        meter.CreateObservableGauge("riskops.prediction_log.queued", () => PredictionLogQueued(), "{entry}", "Prediction log entries waiting to be written.");
    }

    public Func<double> SurgeGridAgeSeconds { get; set; } = () => double.NaN;

    public Func<bool> SurgeGridStale { get; set; } = () => false;

    public Func<long> RiskCacheEntries { get; set; } = () => 0;

    public Func<long> PredictionLogQueued { get; set; } = () => 0;

    /// <summary>Counts predictions. Runs on every request: the tags go in a <see cref="TagList"/> (inline, no array) and the
    /// flag and small versions are boxed once, not per call.</summary>
    public void Prediction(string model, int version, string variant, bool cacheHit, long count = 1)
    {
        var boxedVersion = (uint)version < (uint)s_versions.Length ? s_versions[version] : version;
        var tags = new TagList { { "model", model }, { "version", boxedVersion }, { "variant", variant }, { "cache_hit", cacheHit ? s_true : s_false } };
        _predictions.Add(count, in tags);
    }

    public void CacheLookup(bool hit) => _cacheRequests.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public void FeatureFetch(string source, TimeSpan elapsed) => _featureFetch.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("source", source));

    public void Inference(string model, TimeSpan elapsed) => _inference.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("model", model));

    public void LogShed() => _logShed.Add(1);

    public void LogWritten(int count) => _logWritten.Add(count);

    public void Degraded(string endpoint) => _degraded.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));

    public void ModelLoadFailed(string model) => _modelLoadFailures.Add(1, new KeyValuePair<string, object?>("model", model));

    public void CheckpointFailed(string store) => _checkpointFailures.Add(1, new KeyValuePair<string, object?>("store", store));

    public void ModelSwapped(string model) => _modelSwaps.Add(1, new KeyValuePair<string, object?>("model", model));
}
