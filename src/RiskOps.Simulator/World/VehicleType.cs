namespace RiskOps.Simulator.World;

internal enum VehicleType
{
    Car = 0,
    Van = 1,
    Bike = 2,
    Scooter = 3,
}
