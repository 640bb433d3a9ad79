using RiskOps.Core.Modeling;

namespace RiskOps.Features.Statistics;

/// <summary>
/// Summary statistics and histogram of one feature over the entities a materialization made
/// servable: the reference distribution for drift monitoring (PSI over <see cref="BinEdges"/>).
/// </summary>
/// <param name="Name">Feature name.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Count">Non-null values.</param>
/// <param name="Nulls">Null values.</param>
/// <param name="Mean">Mean (numeric).</param>
/// <param name="StdDev">Sample standard deviation (numeric).</param>
/// <param name="Min">Minimum (numeric).</param>
/// <param name="Max">Maximum (numeric).</param>
/// <param name="P05">5th percentile (numeric).</param>
/// <param name="P50">Median (numeric).</param>
/// <param name="P95">95th percentile (numeric).</param>
/// <param name="BinEdges">Histogram edges, bins + 1 of them, equal width from min to max (numeric).</param>
/// <param name="BinCounts">Values per bin; the last bin includes the max (numeric).</param>
/// <param name="TopCategories">Most frequent values, up to 20 (categorical).</param>
public sealed record FeatureStatistics(
    string Name,
    FeatureKind Kind,
    long Count,
    long Nulls,
    double? Mean,
    double? StdDev,
    double? Min,
    double? Max,
    double? P05,
    double? P50,
    double? P95,
    IReadOnlyList<double> BinEdges,
    IReadOnlyList<long> BinCounts,
    IReadOnlyList<CategoryCount> TopCategories);
