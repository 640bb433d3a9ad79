namespace RiskOps.Api.Risk;

/// <summary>What one re-scoring run did.</summary>
/// <param name="Customers">Customers scored and cached.</param>
/// <param name="Model">Model name.</param>
/// <param name="Version">Model version used.</param>
/// <param name="ScoringTime">Features read + model applied + in-memory cache written.</param>
/// <param name="SnapshotTime">Writing the on-disk snapshot.</param>
public sealed record RescoringReport(long Customers, string Model, int Version, TimeSpan ScoringTime, TimeSpan SnapshotTime);
