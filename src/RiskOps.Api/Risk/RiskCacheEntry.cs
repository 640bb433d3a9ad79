using RiskOps.Api.Models;
using RiskOps.Core.Modeling;

namespace RiskOps.Api.Risk;

/// <summary>A cached customer risk score with the inputs that produced it; factors are filled on first use when the batch job skipped them.</summary>
internal sealed record RiskCacheEntry(
    string CustomerId,
    double Score,
    string Model,
    int Version,
    string Variant,
    FeatureLayout Layout,
    FeatureVector Features,
    IReadOnlyList<FeatureContribution>? Factors,
    DateTimeOffset ScoredAt,
    DateTimeOffset ExpiresAt);
