using RiskOps.Core.Calendar;
using RiskOps.Simulator.Randomness;
using RiskOps.Simulator.World;

namespace RiskOps.Simulator.Context;

/// <summary>Weather (a wet/dry Markov chain per city), traffic by road type and hour, and public events.</summary>
internal static class ContextGenerator
{
    /// <summary>Events are generated this many days past the window so bookings near its end see announced events.</summary>
    public const int EventHorizonDays = 30;

    public static WorldContext Generate(SimulationOptions options, IReadOnlyList<City> cities, IReadOnlyList<Bay> bays, int[][] baysByCity)
    {
        var hours = (options.Days + WorldBuilder.ExtraDays) * 24;
        var context = new WorldContext(cities.Count, hours);
        foreach (var city in cities)
        {
            GenerateWeather(options, city, context);
            GenerateTraffic(options, city, context);
        }

        GenerateEvents(options, cities, bays, baysByCity, context);
        return context;
    }

    private static void GenerateWeather(SimulationOptions options, City city, WorldContext context)
    {
        var rng = Rng.Create(options.Seed, RngStream.Weather, city.Index);
        const double leaveWet = 1.0 / 6; // mean wet spell of six hours
        var enterWet = city.WetHourShare * leaveWet / (1 - city.WetHourShare);
        var wet = rng.Bernoulli(city.WetHourShare);
        var noise = 0.0;
        for (var h = 0; h < context.Hours; h++)
        {
            wet = wet ? !rng.Bernoulli(leaveWet) : rng.Bernoulli(enterWet);
            var rain = wet ? Math.Round(0.1 + rng.Exponential(1.2), 1) : 0.0;
            var date = options.StartDate.AddDays(h / 24);
            var hourOfDay = h % 24;
            noise = (0.9 * noise) + rng.Normal(0, 0.6);
            var temp = city.MeanTempC - (8 * Math.Cos(2 * Math.PI * (date.DayOfYear - 20) / 365.25))
                       + (4 * Math.Sin(2 * Math.PI * (hourOfDay - 9) / 24)) + noise - (wet ? 2 : 0);
            var visibility = 10_000 - (1_500 * Math.Min(rain, 4));
            if (temp < 4 && hourOfDay is >= 4 and <= 9 && rng.Bernoulli(0.3))
            {
                visibility = Math.Min(visibility, rng.Uniform(200, 1_000));
            }

            context.RainMm[city.Index][h] = rain;
            context.TemperatureC[city.Index][h] = Math.Round(temp, 1);
            context.VisibilityM[city.Index][h] = Math.Round(Math.Max(100, visibility + rng.Normal(0, 300)) / 10) * 10;
        }
    }

    private static void GenerateTraffic(SimulationOptions options, City city, WorldContext context)
    {
        var rng = Rng.Create(options.Seed, RngStream.Traffic, city.Index);
        var cityFactor = rng.Uniform(0.8, 1.2);
        ReadOnlySpan<double> baseLevel = [0.15, 0.28, 0.22];
        ReadOnlySpan<double> peak = [0.30, 0.50, 0.55];
        for (var h = 0; h < context.Hours; h++)
        {
            var date = options.StartDate.AddDays(h / 24);
            var hour = h % 24;
            var workday = date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !EuropeanHolidays.IsHoliday(date);
            var rain = context.RainMm[city.Index][h] >= 0.1 ? 0.12 : 0.0;
            for (var rt = 0; rt < 3; rt++)
            {
                double level;
                if (workday)
                {
                    level = baseLevel[rt] + (peak[rt] * (Bump(hour, 8, 1.2) + Bump(hour, 17.5, 1.5))) + (0.12 * Bump(hour, 13, 3));
                }
                else
                {
                    level = (baseLevel[rt] * 0.8) + (0.2 * Bump(hour, 14, 3.5));
                }

                if (hour is < 5 or >= 23)
                {
                    level *= 0.4;
                }

                context.Congestion[city.Index][rt][h] = Math.Round(Math.Clamp((level * cityFactor) + rain + rng.Normal(0, 0.04), 0, 1), 3);
            }
        }
    }

    private static double Bump(double x, double centre, double width) => Math.Exp(-0.5 * (x - centre) * (x - centre) / (width * width));

    private static void GenerateEvents(SimulationOptions options, IReadOnlyList<City> cities, IReadOnlyList<Bay> bays, int[][] baysByCity, WorldContext context)
    {
        var next = 1;
        for (var day = 0; day < options.Days + EventHorizonDays; day++)
        {
            var date = options.StartDate.AddDays(day);
            var weekend = date.DayOfWeek is DayOfWeek.Friday or DayOfWeek.Saturday or DayOfWeek.Sunday;
            foreach (var city in cities)
            {
                var rng = Rng.Create(options.Seed, RngStream.PublicEvents, city.Index, day);
                var n = rng.Poisson(0.2 + (weekend ? 0.3 : 0));
                for (var k = 0; k < n; k++)
                {
                    var kind = (PublicEventKind)rng.Choose([0.35, 0.30, 0.20, 0.15]);
                    double lat = city.Lat + rng.Normal(0, 0.02), lon = city.Lon + rng.Normal(0, 0.03);
                    var stadiums = baysByCity[city.Index].Where(b => bays[b].Pois.HasFlag(Poi.Stadium)).ToArray();
                    if (kind == PublicEventKind.Sports && stadiums.Length > 0)
                    {
                        var bay = bays[stadiums[rng.NextInt(stadiums.Length)]];
                        lat = bay.Lat + rng.Normal(0, 0.002);
                        lon = bay.Lon + rng.Normal(0, 0.002);
                    }

                    var (startHour, durationH, attendance, announceH) = kind switch
                    {
                        PublicEventKind.Concert => (rng.Uniform(19, 21.5), rng.Uniform(2, 4), rng.LogNormal(3_000, 0.8), rng.Uniform(7, 60) * 24),
                        PublicEventKind.Sports => (rng.Uniform(15, 20.5), rng.Uniform(2, 3), rng.LogNormal(15_000, 0.6), rng.Uniform(5, 30) * 24),
                        PublicEventKind.Festival => (rng.Uniform(11, 14), rng.Uniform(6, 10), rng.LogNormal(8_000, 0.7), rng.Uniform(14, 90) * 24),
                        _ => (rng.Uniform(6, 20), rng.Uniform(2, 8), rng.LogNormal(20_000, 0.5), rng.Uniform(1, 36)),
                    };
                    var startSec = (day * 86_400L) + (long)(startHour * 3600 / 300) * 300;
                    var endSec = startSec + ((long)(durationH * 3600 / 300) * 300);
                    var announcedSec = startSec - (long)(announceH * 3600);
                    context.Events.Add(new PublicEvent($"P{next++:D7}", kind, city.Index, Math.Round(lat, 6), Math.Round(lon, 6),
                        startSec, endSec, (int)Math.Clamp(attendance, 100, 80_000), announcedSec));
                }
            }
        }
    }
}
