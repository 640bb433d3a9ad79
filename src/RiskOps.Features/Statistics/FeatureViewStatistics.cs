namespace RiskOps.Features.Statistics;

/// <summary>Statistics of every feature of a view at one materialization.</summary>
/// <param name="View">View name.</param>
/// <param name="ComputedAt">When they were computed.</param>
/// <param name="AsOf">The instant the population is taken at: each entity's latest row before it, within the TTL.</param>
/// <param name="Rows">Entities in the population.</param>
/// <param name="Features">Per feature.</param>
public sealed record FeatureViewStatistics(
    string View,
    DateTimeOffset ComputedAt,
    DateTimeOffset AsOf,
    long Rows,
    IReadOnlyList<FeatureStatistics> Features);
