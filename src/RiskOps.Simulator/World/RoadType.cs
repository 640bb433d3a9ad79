namespace RiskOps.Simulator.World;

internal enum RoadType
{
    Residential = 0,
    Arterial = 1,
    Highway = 2,
}
