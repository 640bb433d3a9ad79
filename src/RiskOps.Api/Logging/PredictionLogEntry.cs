namespace RiskOps.Api.Logging;

/// <summary>One logged prediction. The raw entity id never leaves memory: the writer stores its pseudonym.</summary>
internal sealed record PredictionLogEntry(
    string RequestId,
    string Endpoint,
    string EntityId,
    string Model,
    int Version,
    string Variant,
    LoggedFeatures? Features,
    double Output,
    double LatencyMs,
    bool CacheHit,
    bool Degraded,
    DateTimeOffset At);
