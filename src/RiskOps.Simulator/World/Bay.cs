namespace RiskOps.Simulator.World;

/// <summary>A parking bay; <see cref="Pois"/> drive the shape of its demand over the week.</summary>
internal sealed record Bay(int Index, string Id, int CityIndex, double Lat, double Lon, int Capacity, Poi Pois, double BaseRate);
