namespace RiskOps.Simulator.World;

[Flags]
internal enum Poi
{
    None = 0,
    Station = 1,
    Stadium = 2,
    Mall = 4,
    Office = 8,
    University = 16,
    Nightlife = 32,
    Residential = 64,
}
