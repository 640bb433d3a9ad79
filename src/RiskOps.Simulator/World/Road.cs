namespace RiskOps.Simulator.World;

internal sealed record Road(string Id, int CityIndex, RoadType Type, int SpeedLimitKmh, double LengthKm);
