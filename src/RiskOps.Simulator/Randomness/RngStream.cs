namespace RiskOps.Simulator.Randomness;

/// <summary>One independent random stream per purpose, so adding draws to one part leaves the others unchanged.</summary>
internal enum RngStream
{
    Cities = 1,
    Roads,
    Bays,
    Customers,
    Vehicles,
    Weather,
    Traffic,
    PublicEvents,
    Trips,
    TripDefects,
    Bookings,
    BookingDefects,
    ContextDefects,
    Claims,
    ClaimDefects,
    ExpectedHazard,
}
