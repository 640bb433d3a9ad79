namespace RiskOps.Simulator.World;

/// <summary>When a driver usually drives; it sets how much rain, congestion and night their trips see.</summary>
internal enum DriveProfile
{
    Commuter = 0,
    Daytime = 1,
    Evening = 2,
}
