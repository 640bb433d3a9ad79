using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using RiskOps.Api.Errors;
using RiskOps.Api.Hosting;
using RiskOps.Api.Logging;
using RiskOps.Api.Models;
using RiskOps.Api.Observability;
using RiskOps.Api.Seams;
using RiskOps.Core.Modeling;

namespace RiskOps.Api.Risk;

/// <summary>
/// The customer-risk serving path: risk cache → on a miss, online features + the model (offline store when the
/// online store fails, flagged degraded) → cache → prediction log.
/// </summary>
internal sealed partial class RiskScorer(
    ModelCatalog models,
    IFeatureSource features,
    RiskCache cache,
    PredictionLog predictionLog,
    ServingMetrics metrics,
    IOptions<ServingOptions> options,
    TimeProvider time,
    LayoutCache layouts,
    ILogger<RiskScorer> logger)
{
    private readonly ServingOptions _options = options.Value;

    public async ValueTask<RiskAnswer> ScoreAsync(string customerId, string requestId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var lease = models.Acquire(_options.RiskModel, customerId);
        var version = lease.Version.Version;
        if (TryHit(lease, customerId, requestId, started, out var hit))
        {
            return hit;
        }

        metrics.CacheLookup(hit: false);
        var layout = layouts.For(lease.Predictor);
        var service = lease.Predictor.Manifest.Signature.FeatureService ?? _options.RiskFeatureService;
        var (row, degraded) = await FetchAsync(service, customerId, cancellationToken);
        var vector = layout.Extract(row.Values);
        var modelRow = layout.ToRow(vector);

        var inferenceStarted = Stopwatch.GetTimestamp();
        var score = ScoreOf(lease.Predictor.Predict([modelRow])[0]);
        var factors = lease.Predictor.Explain(modelRow, _options.TopFactors);
        metrics.Inference(_options.RiskModel, Stopwatch.GetElapsedTime(inferenceStarted));

        var now = time.GetUtcNow();
        var entry = new RiskCacheEntry(customerId, score, _options.RiskModel, version, lease.Variant, layout, vector, factors, now, now + _options.RiskCacheTtl);
        if (!degraded)
        {
            cache.Set(entry); // a fallback answer is not cached, so recovery of the online store is seen at once
        }

        return Respond(entry, cacheHit: false, degraded, started, requestId);
    }

    /// <summary>
    /// The cache-hit half of <see cref="ScoreAsync"/>, synchronous: true with the answer (counted, logged) when the
    /// customer's cached entry is current for the model and variant that would score it now. False, counting and logging
    /// nothing, on a miss or when no model is loaded; the caller then goes the normal way (which counts the miss).
    /// </summary>
    public bool TryAnswerFromCache(string customerId, string requestId, [NotNullWhen(true)] out RiskAnswer? answer)
    {
        var started = Stopwatch.GetTimestamp();
        if (!models.TryAcquire(_options.RiskModel, customerId, out var lease))
        {
            answer = null;
            return false;
        }

        using (lease)
        {
            return TryHit(lease, customerId, requestId, started, out answer);
        }
    }

    private bool TryHit(in ModelLease lease, string customerId, string requestId, long started, [NotNullWhen(true)] out RiskAnswer? answer)
    {
        if (!cache.TryGet(customerId, lease.Version.Version, lease.Variant, out var cached))
        {
            answer = null;
            return false;
        }

        metrics.CacheLookup(hit: true);
        if (cached.Factors is null)
        {
            // Batch re-scoring skips explanations (500,000 of them would dominate the job); fill them once, on first use.
            cached = cached with { Factors = lease.Predictor.Explain(cached.Layout.ToRow(cached.Features), _options.TopFactors) };
            cache.Set(cached);
        }

        answer = Respond(cached, cacheHit: true, degraded: false, started, requestId);
        return true;
    }

    private async ValueTask<(EntityFeatures Row, bool Degraded)> FetchAsync(string service, string customerId, CancellationToken cancellationToken)
    {
        var fetchStarted = Stopwatch.GetTimestamp();
        EntityFeatures? row;
        try
        {
            row = await features.GetOnlineAsync(service, customerId, cancellationToken);
            metrics.FeatureFetch("online", Stopwatch.GetElapsedTime(fetchStarted));
            if (row is not null)
            {
                return (row, false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogOnlineStoreFailed(logger, ex);
            fetchStarted = Stopwatch.GetTimestamp();
            try
            {
                row = await features.GetOfflineAsync(service, customerId, cancellationToken);
            }
            catch (Exception offline) when (offline is not OperationCanceledException)
            {
                LogOfflineStoreFailed(logger, offline);
                throw new ServingException(StatusCodes.Status503ServiceUnavailable, "Feature stores unavailable",
                    "Neither the online nor the offline feature store answered; try again later.");
            }

            metrics.FeatureFetch("offline", Stopwatch.GetElapsedTime(fetchStarted));
            if (row is not null)
            {
                metrics.Degraded("customer-risk");
                return (row, true);
            }
        }

        throw new ServingException(StatusCodes.Status404NotFound, "Unknown customer", $"No customer '{customerId}' in the feature store.");
    }

    internal static double ScoreOf(Prediction prediction)
    {
        if (!double.IsFinite(prediction.Value))
        {
            throw new ServingException(StatusCodes.Status503ServiceUnavailable, "Model returned no score", "The model returned a non-finite score for this input.");
        }

        return Math.Clamp(prediction.Value, 0, 1);
    }

    private RiskAnswer Respond(RiskCacheEntry entry, bool cacheHit, bool degraded, long started, string requestId)
    {
        var now = time.GetUtcNow();
        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.Prediction(entry.Model, entry.Version, entry.Variant, cacheHit);
        predictionLog.TryEnqueue(new PredictionLogEntry(requestId, "customer-risk", entry.CustomerId, entry.Model, entry.Version, entry.Variant,
            new LoggedFeatures(entry.Layout, entry.Features), entry.Score, elapsed.TotalMilliseconds, cacheHit, degraded, now));
        return new RiskAnswer(entry, cacheHit, degraded, now);
    }

    [LoggerMessage(EventId = 5300, Level = LogLevel.Warning, Message = "Online feature store failed; falling back to the offline store")]
    private static partial void LogOnlineStoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Error, Message = "Offline feature store failed too")]
    private static partial void LogOfflineStoreFailed(ILogger logger, Exception exception);
}
