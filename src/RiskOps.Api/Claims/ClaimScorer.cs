using System.Diagnostics;
using Microsoft.Extensions.Options;
using RiskOps.Api.Hosting;
using RiskOps.Api.Logging;
using RiskOps.Api.Models;
using RiskOps.Api.Observability;
using RiskOps.Api.Risk;
using RiskOps.Api.Seams;

namespace RiskOps.Api.Claims;

/// <summary>Claims triage: features from the claim itself, the claims model (batched), decision by threshold.</summary>
internal sealed class ClaimScorer(
    ModelCatalog models,
    IFeatureSource features,
    LayoutCache layouts,
    PredictionLog predictionLog,
    ServingMetrics metrics,
    IOptions<ServingOptions> options,
    TimeProvider time)
{
    private readonly ServingOptions _options = options.Value;

    /// <summary>
    /// Scores validated claims in one inference call per model variant; results keep the input order. Each claim's
    /// row is the customer's online features (incident history, profile) overlaid with the features derived from
    /// the claim itself; a customer the store does not know, or a store that is down, leaves those inputs missing.
    /// </summary>
    public async Task<IReadOnlyList<ClaimResponse>> ScoreAsync(IReadOnlyList<ClaimRequest> claims, string requestId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var customers = new Dictionary<string, IReadOnlyDictionary<string, object?>?>(StringComparer.Ordinal);
        foreach (var id in claims.Select(c => c.CustomerId!).Distinct(StringComparer.Ordinal))
        {
            try
            {
                customers[id] = (await features.GetOnlineAsync(_options.RiskFeatureService, id, cancellationToken))?.Values;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                customers[id] = null;
            }
        }

        return Score(claims, customers, requestId, started);
    }

    private IReadOnlyList<ClaimResponse> Score(IReadOnlyList<ClaimRequest> claims, Dictionary<string, IReadOnlyDictionary<string, object?>?> customers,
        string requestId, long started)
    {
        var results = new ClaimResponse[claims.Count];
        var leases = new List<ModelLease>();
        try
        {
            var groups = new Dictionary<string, (ModelLease Lease, List<int> Indexes)>(StringComparer.Ordinal);
            for (var i = 0; i < claims.Count; i++)
            {
                var lease = models.Acquire(_options.ClaimModel, claims[i].ClaimId!);
                var key = lease.Variant + "@" + lease.Version.Version;
                if (groups.TryGetValue(key, out var group))
                {
                    lease.Dispose();
                }
                else
                {
                    leases.Add(lease);
                    group = (lease, []);
                    groups[key] = group;
                }

                group.Indexes.Add(i);
            }

            foreach (var (lease, indexes) in groups.Values)
            {
                var layout = layouts.For(lease.Predictor);
                var rows = new List<Dictionary<string, object?>>(indexes.Count);
                var vectors = new List<FeatureVector>(indexes.Count);
                foreach (var i in indexes)
                {
                    var row = ClaimFeatures.From(claims[i]);
                    if (customers.GetValueOrDefault(claims[i].CustomerId!) is { } customer)
                    {
                        foreach (var (name, value) in customer)
                        {
                            row.TryAdd(name, value); // the claim's own values win over the customer's
                        }
                    }

                    var vector = layout.Extract(row);
                    vectors.Add(vector);
                    rows.Add(layout.ToRow(vector));
                }

                var inferenceStarted = Stopwatch.GetTimestamp();
                var predictions = lease.Predictor.Predict(rows);
                metrics.Inference(_options.ClaimModel, Stopwatch.GetElapsedTime(inferenceStarted));
                for (var k = 0; k < indexes.Count; k++)
                {
                    var score = RiskScorer.ScoreOf(predictions[k]);
                    var high = score >= _options.ClaimReviewThreshold;
                    var confidence = high
                        ? (score - _options.ClaimReviewThreshold) / Math.Max(1e-9, 1 - _options.ClaimReviewThreshold)
                        : (_options.ClaimReviewThreshold - score) / Math.Max(1e-9, _options.ClaimReviewThreshold);
                    var factors = lease.Predictor.Explain(rows[k], _options.TopFactors);
                    var claim = claims[indexes[k]];
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    results[indexes[k]] = new ClaimResponse(claim.ClaimId!, high ? "high" : "low", high ? "manual_review" : "auto_approve",
                        score, Math.Clamp(confidence, 0, 1), Factor.From(factors), new ModelRef(_options.ClaimModel, lease.Version.Version),
                        lease.Variant, elapsed);
                    metrics.Prediction(_options.ClaimModel, lease.Version.Version, lease.Variant, cacheHit: false);
                    predictionLog.TryEnqueue(new PredictionLogEntry(requestId, "claim", claim.ClaimId!, _options.ClaimModel, lease.Version.Version,
                        lease.Variant, new LoggedFeatures(layout, vectors[k]), score, elapsed, CacheHit: false, Degraded: false, time.GetUtcNow()));
                }
            }
        }
        finally
        {
            foreach (var lease in leases)
            {
                lease.Dispose();
            }
        }

        return results;
    }
}
