namespace RiskOps.Api.Risk;

/// <summary>A customer's risk score, its price multiplier and how it was produced.</summary>
public sealed record CustomerRiskResponse(
    string CustomerId,
    double RiskScore,
    double RiskMultiplier,
    string RiskBand,
    ModelRef Model,
    string Variant,
    IReadOnlyDictionary<string, object?> FeaturesUsed,
    IReadOnlyList<Factor> TopFactors,
    bool CacheHit,
    bool Degraded,
    DateTimeOffset ScoredAt,
    DateTimeOffset Timestamp);
