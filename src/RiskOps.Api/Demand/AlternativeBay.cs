namespace RiskOps.Api.Demand;

/// <summary>A nearby bay with its surge in the same bucket.</summary>
public sealed record AlternativeBay(string ParkingBayId, double DistanceKm, string DemandLevel, double SurgeFactor);
