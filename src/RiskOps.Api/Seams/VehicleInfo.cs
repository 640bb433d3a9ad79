namespace RiskOps.Api.Seams;

/// <summary>A vehicle as pricing needs it.</summary>
public sealed record VehicleInfo(string VehicleId, string VehicleType, bool Premium);
