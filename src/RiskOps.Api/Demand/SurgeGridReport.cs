namespace RiskOps.Api.Demand;

/// <summary>What one surge grid run computed.</summary>
public sealed record SurgeGridReport(int Bays, int Buckets, int HighDemandCells, DateTimeOffset From, DateTimeOffset To, TimeSpan Elapsed);
