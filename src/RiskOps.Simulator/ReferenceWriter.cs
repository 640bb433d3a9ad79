using System.Globalization;
using System.Text;
using RiskOps.Simulator.Context;
using RiskOps.Simulator.Output;
using RiskOps.Simulator.Randomness;
using RiskOps.Simulator.World;

namespace RiskOps.Simulator;

/// <summary>Writes the reference files, the daily context deliveries and the customers' ground truth.</summary>
internal static class ReferenceWriter
{
    public const string CustomersTruthFile = "customers.csv";

    public static void WriteReference(WorldModel world, OutputSink sink)
    {
        var sb = new StringBuilder();
        foreach (var c in world.Cities)
        {
            sb.Append(c.Name).Append(',').Num(c.Lat, "0.####").Append(',').Num(c.Lon, "0.####").Append(',').Append(c.UtcOffsetMinutes).Append('\n');
        }

        sink.WriteReference(RawSource.Cities, sb, world.Cities.Count);

        sb.Clear();
        var roads = 0;
        foreach (var road in world.Roads.SelectMany(byType => byType.SelectMany(r => r)))
        {
            sb.Append(road.Id).Append(',').Append(world.Cities[road.CityIndex].Name).Append(',').Append(RoadTypes.Name(road.Type)).Append(',')
              .Append(road.SpeedLimitKmh).Append(',').Num(road.LengthKm, "0.##").Append('\n');
            roads++;
        }

        sink.WriteReference(RawSource.Roads, sb, roads);

        sb.Clear();
        foreach (var b in world.Bays)
        {
            var pois = Enum.GetValues<Poi>().Where(p => p != Poi.None && b.Pois.HasFlag(p)).Select(p => p.ToString().ToLowerInvariant());
            sb.Append(b.Id).Append(',').Append(world.Cities[b.CityIndex].Name).Append(',').Num(b.Lat, "0.######").Append(',').Num(b.Lon, "0.######")
              .Append(',').Append(b.Capacity).Append(',').AppendJoin(';', pois).Append('\n');
        }

        sink.WriteReference(RawSource.Bays, sb, world.Bays.Count);

        sb.Clear();
        string[] types = ["car", "van", "bike", "scooter"];
        foreach (var v in world.Vehicles)
        {
            sb.Append(v.Id).Append(',').Append(types[(int)v.Type]).Append(',').Append(v.Premium ? "true" : "false").Append(',')
              .Append(world.Cities[v.CityIndex].Name).Append(',').Append(v.ModelYear).Append('\n');
        }

        sink.WriteReference(RawSource.Vehicles, sb, world.Vehicles.Count);

        sb.Clear();
        var truth = new Batch(world.Options);
        var truthText = truth.Truth(CustomersTruthFile);
        foreach (var c in world.Customers)
        {
            sb.Append(c.Id).Append(',').Append(Fmt.Date(c.BirthDate)).Append(',').Append(Fmt.Date(c.LicenceDate)).Append(',')
              .Append(world.Cities[c.CityIndex].Name).Append(',').Append(Fmt.Date(c.SignupDate)).Append(',').Num(c.RentalFrequencyPerWeek, "0.0")
              .Append(',').Append(c.Gender).Append(',').Append(c.Region).Append('\n');
            truthText.Append(c.Id).Append(',').Num(c.Propensity, "0.######").Append(',').Append(c.Erratic ? "true" : "false").Append(',')
              .Append(c.Profile.ToString().ToLowerInvariant()).Append(',').Append(c.FraudProne ? "true" : "false").Append('\n');
        }

        sink.WriteReference(RawSource.Customers, sb, world.Customers.Count);
        sink.StartTruth(CustomersTruthFile, "customer_id,risk_propensity,erratic_style,drive_profile,fraud_prone");
        sink.Append(truth);
        sink.CloseTruth(CustomersTruthFile);
    }

    /// <summary>One day of context: the day's hourly weather and traffic, and the public events announced that day.</summary>
    public static void WriteContextDay(WorldModel world, OutputSink sink, int day)
    {
        var options = world.Options;
        var localMidnight = options.StartDate.ToDateTime(TimeOnly.MinValue);
        var ctx = world.Context;
        var batch = new Batch(options);
        foreach (var city in world.Cities)
        {
            var weatherDefects = Rng.Create(options.Seed, RngStream.ContextDefects, (city.Index * 4) + 0, day);
            var trafficDefects = Rng.Create(options.Seed, RngStream.ContextDefects, (city.Index * 4) + 1, day);
            for (var hour = 0; hour < 24; hour++)
            {
                var h = (day * 24) + hour;
                var observed = Fmt.Ts(localMidnight, h * 3_600L, city.OffsetText);
                batch.EmitJson(RawSource.Weather, day, $"{city.Name}@{observed}",
                [
                    Fmt.Json(city.Name), Fmt.Json(observed), Fmt.Num(ctx.RainMm[city.Index][h], "0.0"),
                    Fmt.Num(ctx.TemperatureC[city.Index][h], "0.0"), Fmt.Num(ctx.VisibilityM[city.Index][h], "0"),
                ], weatherDefects);
                for (var rt = 0; rt < 3; rt++)
                {
                    batch.Row.Append(city.Name).Append(',').Append(RoadTypes.Names[rt]).Append(',').Append(observed).Append(',')
                        .Num(ctx.Congestion[city.Index][rt][h], "0.###");
                    batch.EmitCsv(RawSource.Traffic, day, $"{city.Name}|{RoadTypes.Names[rt]}|{observed}", trafficDefects);
                }
            }
        }

        // Public events are delivered when announced (those announced before the window arrive on its first day).
        for (var e = 0; e < ctx.Events.Count; e++)
        {
            var ev = ctx.Events[e];
            var announcedDay = (int)Math.Max(0, Math.Floor(ev.AnnouncedSec / 86_400.0));
            if (announcedDay != day)
            {
                continue;
            }

            var city = world.Cities[ev.CityIndex];
            var defects = Rng.Create(options.Seed, RngStream.ContextDefects, 1_000_000 + e);
            batch.EmitJson(RawSource.PublicEvents, announcedDay, ev.Id,
            [
                Fmt.Json(ev.Id), Fmt.Json(KindName(ev.Kind)), Fmt.Json(city.Name), Fmt.Num(ev.Lat, "0.######"), Fmt.Num(ev.Lon, "0.######"),
                Fmt.Json(Fmt.Ts(localMidnight, ev.StartSec, city.OffsetText)), Fmt.Json(Fmt.Ts(localMidnight, ev.EndSec, city.OffsetText)),
                ev.Attendance.ToString(CultureInfo.InvariantCulture), Fmt.Json(Fmt.Ts(localMidnight, ev.AnnouncedSec, city.OffsetText)),
            ], defects);
        }

        sink.Append(batch);
    }

    private static string KindName(PublicEventKind kind) => kind switch
    {
        PublicEventKind.Concert => "concert",
        PublicEventKind.Sports => "sports",
        PublicEventKind.TransitDisruption => "transit_disruption",
        _ => "festival",
    };
}
