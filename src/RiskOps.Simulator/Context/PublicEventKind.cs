namespace RiskOps.Simulator.Context;

internal enum PublicEventKind
{
    Concert = 0,
    Sports = 1,
    TransitDisruption = 2,
    Festival = 3,
}
