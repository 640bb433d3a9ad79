namespace RiskOps.Api.Seams;

/// <summary>One bay's forecast over consecutive 15-minute buckets.</summary>
/// <param name="Bay">The bay.</param>
/// <param name="Buckets">One forecast per bucket, in order.</param>
/// <param name="Source">What produced it: a model and version (<c>demand v3</c>) or <c>seasonal</c>, the fallback.</param>
public sealed record BayDemandForecast(BayInfo Bay, IReadOnlyList<BucketDemand> Buckets, string Source = "seasonal");
