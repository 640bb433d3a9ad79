namespace RiskOps.Simulator.Driving;

internal enum FlagKind
{
    Sample = 0,
    HarshBrake = 1,
    HarshAccel = 2,
    HarshCorner = 3,
    Speeding = 4,
    PhoneUse = 5,
}
