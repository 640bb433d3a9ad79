using RiskOps.Core.Calendar;
using RiskOps.Simulator.Context;
using RiskOps.Simulator.Output;
using RiskOps.Simulator.Randomness;
using RiskOps.Simulator.World;

namespace RiskOps.Simulator.Bookings;

/// <summary>
/// Bookings per bay per 15-minute bucket: N ~ Poisson(rate) with rate = bay base × hour/weekday profile of its POIs
/// × holiday × weather × (1 + nearby public events). A constant 8% are cancelled, so the ground-truth
/// expected_bookings (of status booked, as gold counts them) is 0.92 × rate.
/// </summary>
internal sealed class BookingGenerator
{
    public const string RateFile = "bay_demand_rate.csv";
    public const double CancelShare = 0.08;
    private static readonly string[] s_vehicleTypes = ["car", "van", "bike", "scooter"];
    private static readonly double[] s_pricePerMin = [0.32, 0.45, 0.12, 0.22];
    private readonly WorldModel _world;
    private readonly DateTime _localMidnight;

    public BookingGenerator(WorldModel world)
    {
        _world = world;
        _localMidnight = world.Options.StartDate.ToDateTime(TimeOnly.MinValue);
    }

    public Batch Generate(int day, int from, int to)
    {
        var batch = new Batch(_world.Options);
        for (var b = from; b < to; b++)
        {
            GenerateBayDay(batch, _world.Bays[b], day);
        }

        return batch;
    }

    /// <summary>The Poisson rate of all bookings (booked and cancelled) starting in a bucket.</summary>
    public double Rate(Bay bay, int day, int bucket)
    {
        var date = _world.DateOf(day);
        var hour = bucket / 4.0;
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var holiday = EuropeanHolidays.IsHoliday(date);
        var workday = !weekend && !holiday;
        var profile = 0.1 + (0.6 * Bump(hour, 13, 4));
        var pois = bay.Pois;
        if (pois.HasFlag(Poi.Station))
        {
            profile += workday ? (1.4 * Bump(hour, 8, 1)) + (1.4 * Bump(hour, 18, 1.2)) : 0.4 * Bump(hour, 15, 3);
        }

        if (pois.HasFlag(Poi.Office))
        {
            profile += workday ? (0.9 * Bump(hour, 9, 1.2)) + (1.1 * Bump(hour, 17.5, 1.2)) : 0.05;
        }

        if (pois.HasFlag(Poi.Mall))
        {
            profile += (weekend || holiday ? 1.2 : 0.6) * Bump(hour, 15, 3);
        }

        if (pois.HasFlag(Poi.University))
        {
            profile += workday ? 0.7 * Bump(hour, 11, 3) : 0.1;
        }

        if (pois.HasFlag(Poi.Nightlife))
        {
            var late = (Bump(hour, 23, 2) + Bump(hour, -1, 2)) * (date.DayOfWeek is DayOfWeek.Friday or DayOfWeek.Saturday ? 1.6 : 0.6);
            profile += late;
        }

        if (pois.HasFlag(Poi.Residential))
        {
            profile += (0.6 * Bump(hour, 7.5, 1.5)) + (0.5 * Bump(hour, 19, 2));
        }

        if (hour < 6)
        {
            profile *= 0.3;
        }

        var hourIndex = (day * 24) + (int)hour;
        var rainy = _world.Context.IsRaining(bay.CityIndex, hourIndex);
        var weather = rainy ? 1.25 : 1.0;
        if (_world.Context.TemperatureC[bay.CityIndex][hourIndex] < 0)
        {
            weather *= 1.1;
        }

        var eventBoost = 0.0;
        var bucketStart = (day * 86_400L) + (bucket * 900L);
        foreach (var (index, distance) in _world.EventsNearBay[bay.Index])
        {
            var ev = _world.Context.Events[index];
            if (bucketStart < ev.StartSec - (3 * 3_600) || bucketStart > ev.EndSec + (2 * 3_600))
            {
                continue;
            }

            // Arrivals peak an hour before the start, departures just after the end.
            var hoursToStart = (ev.StartSec - bucketStart) / 3_600.0;
            var hoursFromEnd = (bucketStart - ev.EndSec) / 3_600.0;
            var timing = ev.Kind == PublicEventKind.TransitDisruption
                ? (bucketStart >= ev.StartSec && bucketStart < ev.EndSec ? 1.0 : 0.0)
                : Math.Max(Bump(hoursToStart, 1, 0.8), 1.3 * Bump(hoursFromEnd, 0.25, 0.5));
            var stationBoost = ev.Kind == PublicEventKind.TransitDisruption && pois.HasFlag(Poi.Station) ? 2.0 : 1.0;
            eventBoost += ev.Attendance / 10_000.0 * Math.Exp(-distance / 1.5) * timing * stationBoost;
        }

        return bay.BaseRate * profile * (holiday ? 0.8 : 1.0) * weather * (1 + eventBoost);
    }

    private void GenerateBayDay(Batch batch, Bay bay, int day)
    {
        var rng = Rng.Create(_world.Options.Seed, RngStream.Bookings, bay.Index, day);
        var defects = Rng.Create(_world.Options.Seed, RngStream.BookingDefects, bay.Index, day);
        var city = _world.Cities[bay.CityIndex];
        var customers = _world.CustomersByCity[bay.CityIndex];
        var truth = batch.Truth(RateFile);
        var row = batch.Row;
        var meanRate = bay.BaseRate * 0.6;
        for (var bucket = 0; bucket < 96; bucket++)
        {
            var rate = Rate(bay, day, bucket);
            var bucketStart = (day * 86_400L) + (bucket * 900L);
            truth.Append(bay.Id).Append(',')
                .Append(System.Globalization.CultureInfo.InvariantCulture, $"{_world.UtcOf(bay.CityIndex, bucketStart):yyyy-MM-dd'T'HH:mm:ss'Z'}")
                .Append(',').Num(rate * (1 - CancelShare), "0.######").Append('\n');
            var n = Math.Min(99, rng.Poisson(rate));
            var rainy = _world.Context.IsRaining(bay.CityIndex, bucketStart / 3_600);
            for (var k = 0; k < n; k++)
            {
                var id = $"W{((((long)day * _world.Bays.Count) + bay.Index) * 96 + bucket) * 100 + k:D12}";
                var starts = bucketStart + rng.NextInt(900);
                var created = starts - (long)Math.Min(86_400, rng.Exponential(1_800));
                var ends = starts + (long)Math.Clamp(rng.LogNormal(2_700, 0.6), 300, 6 * 3_600);
                var type = rng.Choose(rainy ? [0.7, 0.12, 0.08, 0.10] : [0.55, 0.1, 0.17, 0.18]);
                var surge = Math.Clamp(1 + (0.15 * ((rate / Math.Max(1e-9, meanRate)) - 1)), 0.85, 1.6);
                var price = s_pricePerMin[type] * surge;
                var customer = customers.Length > 0 ? _world.Customers[customers[rng.NextInt(customers.Length)]] : _world.Customers[rng.NextInt(_world.Customers.Count)];
                var status = rng.Bernoulli(CancelShare) ? "cancelled" : "booked";
                row.Append(id).Append(',').Append(bay.Id).Append(',').Append(customer.Id).Append(',').Append(s_vehicleTypes[type]).Append(',')
                    .Ts(_localMidnight, created, city.OffsetText).Append(',').Ts(_localMidnight, starts, city.OffsetText).Append(',')
                    .Ts(_localMidnight, ends, city.OffsetText).Append(',').Num(price, "0.00").Append(',').Append(status);
                batch.EmitCsv(RawSource.Bookings, day, id, defects);
            }
        }
    }

    private static double Bump(double x, double c, double w) => Math.Exp(-0.5 * (x - c) * (x - c) / (w * w));
}
