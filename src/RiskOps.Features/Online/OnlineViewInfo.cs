namespace RiskOps.Features.Online;

/// <summary>What the online store holds for one view.</summary>
/// <param name="View">View name.</param>
/// <param name="Entities">Entities with a row.</param>
/// <param name="LatestEvent">Latest event timestamp held, or null if empty.</param>
public sealed record OnlineViewInfo(string View, long Entities, DateTimeOffset? LatestEvent);
