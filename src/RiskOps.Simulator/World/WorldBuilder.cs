using RiskOps.Simulator.Context;
using RiskOps.Simulator.Randomness;

namespace RiskOps.Simulator.World;

/// <summary>Builds the reference entities and the hourly context of a world from its options.</summary>
internal static class WorldBuilder
{
    /// <summary>Hours of context kept past the last day: trips that run past midnight and late event look-ups.</summary>
    public const int ExtraDays = 2;

    private static readonly (string Name, double Lat, double Lon, int Offset, double Wet, double Temp)[] s_cities =
    [
        ("Amsterdam", 52.3676, 4.9041, 60, 0.15, 10.5),
        ("Lisbon", 38.7223, -9.1393, 0, 0.08, 17.5),
        ("Athens", 37.9838, 23.7275, 120, 0.04, 19.0),
        ("Dublin", 53.3498, -6.2603, 0, 0.18, 10.0),
        ("Madrid", 40.4168, -3.7038, 60, 0.05, 15.5),
        ("Helsinki", 60.1699, 24.9384, 120, 0.12, 6.0),
        ("Berlin", 52.5200, 13.4050, 60, 0.10, 10.0),
        ("Milan", 45.4642, 9.1900, 60, 0.09, 13.5),
    ];

    private static readonly string[] s_regions = ["north", "south", "east", "west", "central"];

    public static WorldModel Build(SimulationOptions options)
    {
        var cityCount = Math.Min(s_cities.Length, Math.Max(Math.Min(2, options.Bays), options.Bays / 8));
        var cities = new List<City>(cityCount);
        for (var i = 0; i < cityCount; i++)
        {
            var (name, lat, lon, offset, wet, temp) = s_cities[i];
            var sign = offset < 0 ? '-' : '+';
            var abs = Math.Abs(offset);
            cities.Add(new City(i, name, lat, lon, offset, wet, temp, $"{sign}{abs / 60:00}:{abs % 60:00}"));
        }

        var roads = BuildRoads(options, cities);
        var bays = BuildBays(options, cities);
        var baysByCity = GroupBy(bays.Count, cityCount, i => bays[i].CityIndex);
        var customers = BuildCustomers(options, cities, baysByCity);
        var vehicles = BuildVehicles(options, cityCount);
        var context = ContextGenerator.Generate(options, cities, bays, baysByCity);
        var eventsNearBay = new (int, double)[bays.Count][];
        for (var b = 0; b < bays.Count; b++)
        {
            var near = new List<(int, double)>();
            for (var e = 0; e < context.Events.Count; e++)
            {
                var ev = context.Events[e];
                if (ev.CityIndex != bays[b].CityIndex)
                {
                    continue;
                }

                var d = WorldModel.DistanceKm(bays[b].Lat, bays[b].Lon, ev.Lat, ev.Lon);
                if (d <= 5.0)
                {
                    near.Add((e, d));
                }
            }

            eventsNearBay[b] = [.. near];
        }

        return new WorldModel
        {
            Options = options,
            Cities = cities,
            Roads = roads,
            Bays = bays,
            Customers = customers,
            Vehicles = vehicles,
            BaysByCity = baysByCity,
            CustomersByCity = GroupBy(customers.Length, cityCount, i => customers[i].CityIndex),
            VehiclesByCity = GroupBy(vehicles.Length, cityCount, i => vehicles[i].CityIndex),
            Context = context,
            EventsNearBay = eventsNearBay,
        };
    }

    private static int[][] GroupBy(int count, int groups, Func<int, int> key)
    {
        var lists = new List<int>[groups];
        for (var g = 0; g < groups; g++)
        {
            lists[g] = [];
        }

        for (var i = 0; i < count; i++)
        {
            lists[key(i)].Add(i);
        }

        return [.. lists.Select(l => l.ToArray())];
    }

    private static Road[][][] BuildRoads(SimulationOptions options, List<City> cities)
    {
        var rng = Rng.Create(options.Seed, RngStream.Roads);
        var result = new Road[cities.Count][][];
        var next = 1;
        foreach (var city in cities)
        {
            result[city.Index] = new Road[3][];
            foreach (var (type, count, limits, minKm, maxKm) in new[]
            {
                (RoadType.Residential, 30, new[] { 30, 40, 50 }, 0.2, 1.5),
                (RoadType.Arterial, 15, new[] { 50, 60, 70 }, 0.5, 4.0),
                (RoadType.Highway, 6, new[] { 100, 110, 120, 130 }, 2.0, 15.0),
            })
            {
                var list = new Road[count];
                for (var i = 0; i < count; i++)
                {
                    list[i] = new Road($"R{next++:D6}", city.Index, type, limits[rng.NextInt(limits.Length)], Math.Round(rng.Uniform(minKm, maxKm), 2));
                }

                result[city.Index][(int)type] = list;
            }
        }

        return result;
    }

    private static List<Bay> BuildBays(SimulationOptions options, List<City> cities)
    {
        ReadOnlySpan<double> poiWeights = [0.15, 0.04, 0.12, 0.20, 0.08, 0.12, 0.29];
        var bays = new List<Bay>(options.Bays);
        for (var i = 0; i < options.Bays; i++)
        {
            var rng = Rng.Create(options.Seed, RngStream.Bays, i);
            var city = cities[i % cities.Count];
            var pois = Poi.None;
            var n = 1 + rng.Choose([0.5, 0.35, 0.15]);
            for (var k = 0; k < n; k++)
            {
                pois |= (Poi)(1 << rng.Choose(poiWeights));
            }

            var capacity = rng.NextInt(2, 21);
            bays.Add(new Bay(i, $"B{i + 1:D4}", city.Index,
                Math.Round(city.Lat + rng.Normal(0, 0.025), 6), Math.Round(city.Lon + rng.Normal(0, 0.04), 6),
                capacity, pois, 0.012 * capacity * rng.LogNormal(1, 0.3)));
        }

        return bays;
    }

    private static Customer[] BuildCustomers(SimulationOptions options, List<City> cities, int[][] baysByCity)
    {
        var weights = cities.Select(c => 1.0 + baysByCity[c.Index].Length).ToArray();
        var start = options.StartDate;
        var customers = new Customer[options.Customers];
        for (var i = 0; i < customers.Length; i++)
        {
            var rng = Rng.Create(options.Seed, RngStream.Customers, i);
            var city = rng.Choose(weights);
            var age = Math.Min(80, 18 + rng.LogNormal(15, 0.6));
            var birth = start.AddDays(-(int)(age * 365.25));
            var licenceAge = Math.Min(age - 0.2, 18 + rng.Exponential(3));
            var licence = birth.AddDays((int)(licenceAge * 365.25));
            var yearsLicensed = (start.DayNumber - licence.DayNumber) / 365.25;
            var signup = start.AddDays(-rng.NextInt(0, 1 + (int)Math.Min(6 * 365.25, yearsLicensed * 365.25)));
            var young = age < 25 ? 1.0 : 0.0;
            var novice = yearsLicensed < 2 ? 1.0 : 0.0;
            var senior = age > 55 ? 1.0 : 0.0;
            var propensity = Math.Exp((0.45 * rng.Normal()) + (0.35 * young) + (0.2 * novice) - (0.1 * senior) - 0.15);
            var logP = Math.Log(propensity);
            customers[i] = new Customer
            {
                Index = i,
                Id = $"C{i + 1:D6}",
                CityIndex = city,
                BirthDate = birth,
                LicenceDate = licence,
                SignupDate = signup,
                RentalFrequencyPerWeek = Math.Round(Math.Clamp(rng.LogNormal(1.0, 0.7), 0.1, 14), 1),
                Gender = rng.Choose([0.48, 0.48, 0.04]) switch { 0 => "M", 1 => "F", _ => "X" },
                Region = s_regions[rng.NextInt(s_regions.Length)],
                Propensity = propensity,
                Erratic = rng.Bernoulli(options.ErraticRate),
                Profile = (DriveProfile)rng.Choose([0.45, 0.35, 0.20]),
                ResidentialSpeedRatio = 1.08 + (0.16 * logP) + rng.Normal(0, 0.05),
                ArterialSpeedRatio = 1.0 + (0.07 * logP) + rng.Normal(0, 0.04),
                HighwaySpeedRatio = 1.10 + rng.Normal(0, 0.07),
                HighwayAffinity = rng.NextDouble(),
                PhoneHabit = Math.Clamp(0.05 * propensity * rng.LogNormal(1, 0.5), 0, 0.6),
                PriorClaimsBefore = rng.Poisson(0.12 * propensity * Math.Min(yearsLicensed, 10) / 5),
                FraudProne = rng.Bernoulli(0.02),
            };
        }

        return customers;
    }

    private static Vehicle[] BuildVehicles(SimulationOptions options, int cityCount)
    {
        var vehicles = new Vehicle[options.Vehicles];
        for (var i = 0; i < vehicles.Length; i++)
        {
            var rng = Rng.Create(options.Seed, RngStream.Vehicles, i);
            var type = (VehicleType)rng.Choose([0.6, 0.1, 0.15, 0.15]);
            var premium = type is VehicleType.Car or VehicleType.Van && rng.Bernoulli(0.25);
            vehicles[i] = new Vehicle(i, $"V{i + 1:D5}", type, premium, i % cityCount, options.StartDate.Year - rng.NextInt(0, 13));
        }

        return vehicles;
    }
}
