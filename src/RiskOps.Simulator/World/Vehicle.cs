namespace RiskOps.Simulator.World;

internal sealed record Vehicle(int Index, string Id, VehicleType Type, bool Premium, int CityIndex, int ModelYear);
