namespace RiskOps.Api.Seams;

/// <summary>One bay's forecast over consecutive 15-minute buckets.</summary>
public sealed record BayDemandForecast(BayInfo Bay, IReadOnlyList<BucketDemand> Buckets);
