using RiskOps.Simulator.Context;

namespace RiskOps.Simulator.World;

/// <summary>Every entity of one world. Entities are small records, so even the seed scale (500K customers) fits easily.</summary>
internal sealed class WorldModel
{
    public required SimulationOptions Options { get; init; }
    public required IReadOnlyList<City> Cities { get; init; }

    /// <summary>[city][road type] → roads.</summary>
    public required Road[][][] Roads { get; init; }

    public required IReadOnlyList<Bay> Bays { get; init; }
    public required IReadOnlyList<Customer> Customers { get; init; }
    public required IReadOnlyList<Vehicle> Vehicles { get; init; }
    public required int[][] BaysByCity { get; init; }
    public required int[][] CustomersByCity { get; init; }
    public required int[][] VehiclesByCity { get; init; }
    public required WorldContext Context { get; init; }

    /// <summary>[bay] → (event index, distance km) for events within 5 km.</summary>
    public required (int Event, double DistanceKm)[][] EventsNearBay { get; init; }

    public DateOnly DateOf(int day) => Options.StartDate.AddDays(day);

    /// <summary>UTC instant of a local time given as seconds since the first simulated local midnight in a city.</summary>
    public DateTime UtcOf(int city, long localSec) =>
        Options.StartDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddSeconds(localSec).AddMinutes(-Cities[city].UtcOffsetMinutes);

    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371.0;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) +
                (Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
