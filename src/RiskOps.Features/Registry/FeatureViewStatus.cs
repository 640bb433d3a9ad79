using RiskOps.Features.Definitions;
using RiskOps.Features.Online;

namespace RiskOps.Features.Registry;

/// <summary>Freshness and size of one view, offline and online.</summary>
/// <param name="View">The view.</param>
/// <param name="OfflineRows">Rows in its main source table.</param>
/// <param name="LatestEvent">Latest event timestamp in its main source table.</param>
/// <param name="Materialization">Last materialization, or null.</param>
/// <param name="Online">What the online store holds, or null.</param>
public sealed record FeatureViewStatus(FeatureView View, long OfflineRows, DateTimeOffset? LatestEvent, MaterializationState? Materialization, OnlineViewInfo? Online);
