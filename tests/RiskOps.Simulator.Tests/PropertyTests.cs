using FsCheck;
using FsCheck.Xunit;
using RiskOps.Simulator.Driving;
using RiskOps.Simulator.Randomness;

namespace RiskOps.Simulator.Tests;

public sealed class PropertyTests
{
    [Property(MaxTest = 200)]
    public bool Rng_SameKeys_SameStream(long seed, int entity, int day)
    {
        var a = Rng.Create(seed, RngStream.Trips, entity, day);
        var b = Rng.Create(seed, RngStream.Trips, entity, day);
        return Enumerable.Range(0, 16).All(_ => a.NextULong() == b.NextULong());
    }

    [Property(MaxTest = 200)]
    public bool Rng_NeighbouringEntities_DifferentStreams(long seed, int entity, int day)
    {
        var a = Rng.Create(seed, RngStream.Trips, entity, day);
        var b = Rng.Create(seed, RngStream.Trips, (long)entity + 1, day);
        var c = Rng.Create(seed, RngStream.TripDefects, entity, day);
        var x = a.NextULong();
        return x != b.NextULong() && x != c.NextULong();
    }

    [Property(MaxTest = 200)]
    public bool Rng_DrawsStayInRange(long seed, PositiveInt n)
    {
        var rng = Rng.Create(seed, RngStream.Bays);
        return Enumerable.Range(0, 50).All(_ =>
        {
            var d = rng.NextDouble();
            var i = rng.NextInt(n.Get);
            return d is >= 0 and < 1 && i >= 0 && i < n.Get && rng.Poisson(3.5) >= 0;
        });
    }

    [Property(MaxTest = 30)]
    public bool Poisson_MeanMatchesRate(long seed, byte rateTenths)
    {
        var lambda = 0.1 + (rateTenths / 10.0);
        var rng = Rng.Create(seed, RngStream.Bookings);
        const int n = 4_000;
        var mean = Enumerable.Range(0, n).Sum(_ => rng.Poisson(lambda)) / (double)n;
        return Math.Abs(mean - lambda) < 5 * Math.Sqrt(lambda / n);
    }

    [Property(MaxTest = 300)]
    public bool ErraticOrdering_KeepsCountsAndTimesInsideTheTrip(long seed, byte brakes, byte accels, byte others)
    {
        var rng = Rng.Create(seed, RngStream.Trips);
        const double seconds = 1_800;
        var events = new List<DrivingEvent>();
        void Add(FlagKind kind, int n, double accel)
        {
            for (var i = 0; i < n; i++)
            {
                events.Add(new DrivingEvent { T = rng.Uniform(0, seconds), Kind = kind, AccelLongG = accel });
            }
        }

        Add(FlagKind.HarshBrake, brakes % 12, -0.4);
        Add(FlagKind.HarshAccel, accels % 12, 0.4);
        Add(FlagKind.Sample, others % 40, 0);
        var before = events.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());

        ErraticOrdering.Apply(events, rng, seconds);

        var after = events.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());
        return before.Count == after.Count && before.All(kv => after[kv.Key] == kv.Value)
            && events.All(e => e.T >= 0 && e.T <= seconds)
            && events.All(e => e.Kind != FlagKind.HarshBrake || e.AccelLongG < 0)
            && events.All(e => e.Kind != FlagKind.HarshAccel || e.AccelLongG > 0);
    }
}
