namespace RiskOps.Simulator.Claims;

/// <summary>
/// An incident (or a fabricated one) found while generating trips; claims are built from these at the end.
/// LocalSec counts seconds since the first simulated local midnight of the customer's city.
/// </summary>
internal sealed record IncidentSeed(int Customer, int Vehicle, string? TripId, long LocalSec, double SpeedKmh, IncidentCause Cause, int Day);
