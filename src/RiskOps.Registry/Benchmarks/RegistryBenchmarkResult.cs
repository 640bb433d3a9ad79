namespace RiskOps.Registry.Benchmarks;

/// <summary>Figures measured by <see cref="RegistryBenchmark"/>; latencies in milliseconds.</summary>
public sealed record RegistryBenchmarkResult(
    int Versions,
    double ArtifactMegabytes,
    LatencySummary Register,
    LatencySummary Promote,
    LatencySummary ChangeSequencePoll,
    LatencySummary ProductionLookup,
    LatencySummary? AuditAppend,
    int ConcurrentPromotions,
    double ConcurrentPromotionSeconds,
    bool OneProductionAfterRace,
    long AuditEntries,
    double AuditVerifyMilliseconds,
    bool AuditIntact);
