namespace RiskOps.Api.Seams;

/// <summary>A parking bay as serving needs it.</summary>
public sealed record BayInfo(string BayId, string City, double Lat, double Lon, int Capacity);
