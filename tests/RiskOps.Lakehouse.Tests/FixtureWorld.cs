using System.Globalization;
using System.Text;

namespace RiskOps.Lakehouse.Tests;

/// <summary>
/// A small hand-built world written in the raw contract format (local timestamps with offsets, daily
/// deliveries), with known defects. It keeps the valid rows in memory so tests can recompute gold
/// by brute force, independently of the SQL.
/// </summary>
internal sealed class FixtureWorld
{
    public sealed record City(string Name, double Lat, double Lon, int OffsetMinutes);

    public sealed record Bay(string Id, string City, double Lat, double Lon);

    public sealed record Trip(string Id, string Customer, string Vehicle, string StartBay, string EndBay, DateTime StartedUtc, DateTime EndedUtc, double Km, int Offset);

    public sealed record Reading(string Id, string Trip, string Customer, string Vehicle, DateTime Utc, string RoadType, double Speed, double Limit, double AccelLong, double AccelLat, string EventType, int Phone, string City);

    public sealed record Claim(string Id, string Customer, DateTime IncidentUtc, DateTime ReportedUtc, double Amount);

    public static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    public List<City> Cities { get; } = [new("Berlin", 52.52, 13.405, 60), new("Lisbon", 38.72, -9.14, 0)];

    public List<Bay> Bays { get; } = [];

    public List<string> Customers { get; } = [];

    public List<Trip> Trips { get; } = [];

    public List<Reading> Readings { get; } = [];

    public List<Claim> Claims { get; } = [];

    /// <summary>Rain (mm/h) per (city, UTC hour); hours not listed had no observation.</summary>
    public Dictionary<(string City, DateTime Hour), double> Rain { get; } = [];

    /// <summary>Congestion per (city, road type, UTC hour).</summary>
    public Dictionary<(string City, string Road, DateTime Hour), double> Congestion { get; } = [];

    /// <summary>Raw rows that must be quarantined, with the reason fragment expected.</summary>
    public List<(string Source, string Reason)> Defects { get; } = [];

    public int DuplicateTelematicsRows { get; private set; }

    public static FixtureWorld Write(string rawDir, int seed = 7, int days = 100, int customers = 6)
    {
        var world = new FixtureWorld();
        world.Generate(new Random(seed), days, customers);
        world.WriteFiles(rawDir);
        return world;
    }

    private static readonly string[] s_roads = ["residential", "arterial", "highway"];

    private void Generate(Random random, int days, int customerCount)
    {
        for (var b = 0; b < 4; b++)
        {
            var city = Cities[b % 2];
            Bays.Add(new Bay($"B{b:D4}", city.Name, city.Lat + (0.01 * b), city.Lon + (0.01 * b)));
        }
        for (var c = 0; c < customerCount; c++)
        {
            Customers.Add($"C{c:D6}");
        }
        var tripNo = 0;
        var eventNo = 0;
        for (var day = 0; day < days; day++)
        {
            foreach (var customer in Customers)
            {
                if (random.NextDouble() < 0.55)
                {
                    continue;
                }
                var bay = Bays[random.Next(Bays.Count)];
                var city = Cities.First(c => c.Name == bay.City);
                var started = Start.AddDays(day).AddMinutes(random.Next(0, 24 * 60));
                var samples = random.Next(0, 6);
                var seconds = 60 + random.Next(0, 1800);
                var ended = started.AddSeconds(seconds);
                var trip = new Trip($"T{tripNo++:D9}", customer, $"V{random.Next(3):D5}", bay.Id, Bays[random.Next(Bays.Count)].Id, started, ended,
                    Math.Round(1 + (random.NextDouble() * 30), 3), city.OffsetMinutes);
                Trips.Add(trip);
                var count = samples + random.Next(0, 4);
                for (var i = 0; i < count; i++)
                {
                    var road = s_roads[random.Next(3)];
                    var limit = road switch { "residential" => 30 + (10 * random.Next(3)), "arterial" => 60, _ => 120 };
                    var type = i < samples ? "sample" : new[] { "harsh_brake", "harsh_accel", "harsh_corner", "speeding", "phone_use" }[random.Next(5)];
                    var t = started.AddSeconds(random.Next(0, seconds)).AddMilliseconds(random.Next(0, 1000) / 10 * 10);
                    var reading = new Reading($"E{eventNo++:D10}", trip.Id, customer, trip.Vehicle, t, road,
                        Math.Round(Math.Max(0, limit + ((random.NextDouble() - 0.6) * 40)), 2), limit,
                        Math.Round((random.NextDouble() - 0.5) * 0.8, 4), Math.Round((random.NextDouble() - 0.5) * 0.8, 4), type,
                        type == "phone_use" ? 1 : 0, city.Name);
                    Readings.Add(reading);
                    var hour = new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc);
                    if (!Rain.ContainsKey((city.Name, hour)) && random.NextDouble() < 0.8)
                    {
                        Rain[(city.Name, hour)] = random.NextDouble() < 0.3 ? Math.Round(random.NextDouble() * 4, 2) : 0;
                    }
                    if (!Congestion.ContainsKey((city.Name, road, hour)) && random.NextDouble() < 0.8)
                    {
                        Congestion[(city.Name, road, hour)] = Math.Round(random.NextDouble(), 3);
                    }
                }
            }
            if (day % 9 == 3)
            {
                var customer = Customers[random.Next(Customers.Count)];
                var incident = Start.AddDays(day).AddHours(random.Next(24));
                Claims.Add(new Claim($"K{Claims.Count:D6}", customer, incident, incident.AddHours(random.Next(1, 72)), Math.Round(100 + (random.NextDouble() * 5000), 2)));
            }
        }
    }

    private static string Local(DateTime utc, int offsetMinutes)
    {
        var local = new DateTimeOffset(utc.AddMinutes(offsetMinutes).Ticks, TimeSpan.FromMinutes(offsetMinutes));
        return local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF", CultureInfo.InvariantCulture) + local.ToString("zzz", CultureInfo.InvariantCulture);
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private void WriteFiles(string rawDir)
    {
        Directory.CreateDirectory(rawDir);
        File.WriteAllLines(Path.Combine(rawDir, "cities.csv"),
            ["city,lat,lon,utc_offset_minutes", .. Cities.Select(c => $"{c.Name},{F(c.Lat)},{F(c.Lon)},{c.OffsetMinutes}")]);
        File.WriteAllLines(Path.Combine(rawDir, "bays.csv"),
            ["parking_bay_id,city,lat,lon,capacity,poi", .. Bays.Select(b => $"{b.Id},{b.City},{F(b.Lat)},{F(b.Lon)},10,station;mall")]);
        File.WriteAllLines(Path.Combine(rawDir, "customers.csv"),
            ["customer_id,birth_date,licence_date,home_city,signup_date,rental_frequency_per_week,gender,region",
             .. Customers.Select((c, i) => $"{c},1980-0{1 + (i % 9)}-15,2000-05-01,{Cities[i % 2].Name},2025-06-0{1 + (i % 9)},{1 + i},{"MFX"[i % 3]},north")]);
        File.WriteAllLines(Path.Combine(rawDir, "vehicles.csv"),
            ["vehicle_type,vehicle_id,premium,home_city,model_year", "car,V00000,true,Berlin,2020", "van,V00001,false,Lisbon,2019", "scooter,V00002,false,Berlin,2023"]);

        var offsets = Cities.ToDictionary(c => c.Name, c => c.OffsetMinutes);
        var weather = Rain.OrderBy(r => r.Key.Hour).ThenBy(r => r.Key.City, StringComparer.Ordinal)
            .Select(r => $$"""{"city":"{{r.Key.City}}","observed_at":"{{Local(r.Key.Hour.AddMinutes(20), offsets[r.Key.City])}}","rain_mm":{{F(r.Value)}},"temperature_c":7.5,"visibility_m":9000}""")
            .ToList();
        weather.Add("""{"city":"Berlin","observed_at":"2026-01-06T10:00:00","rain_mm":0,"temperature_c":7.5,"visibility_m":9000}""");
        Defects.Add(("weather", "unparseable observed_at"));
        WriteDelivery(rawDir, "weather", "jsonl", Start, weather);

        WriteDelivery(rawDir, "traffic", "csv", Start,
            ["city,road_type,hour_start,congestion", .. Congestion.Select(c => $"{c.Key.City},{c.Key.Road},{Local(c.Key.Hour, offsets[c.Key.City])},{F(c.Value)}")]);

        // Trips and telematics in weekly deliveries, by trip end.
        var weeks = Trips.GroupBy(t => (int)((t.EndedUtc - Start).TotalDays / 7)).OrderBy(g => g.Key).ToList();
        const string tripHeader = "trip_id,customer_id,vehicle_id,start_bay_id,end_bay_id,started_at,ended_at,distance_km,share_residential,share_arterial,share_highway";
        const string telematicsHeader = "event_id,trip_id,customer_id,vehicle_id,recorded_at,lat,lon,road_type,speed_kmh,speed_limit_kmh,accel_long_g,accel_lat_g,event_type,phone_in_use";
        string? duplicated = null;
        foreach (var week in weeks)
        {
            var delivery = Start.AddDays((week.Key * 7) + 7);
            var tripLines = new List<string> { tripHeader };
            tripLines.AddRange(week.Select(t => $"{t.Id},{t.Customer},{t.Vehicle},{t.StartBay},{t.EndBay},{Local(t.StartedUtc, t.Offset)},{Local(t.EndedUtc, t.Offset)},{F(t.Km)},0.5,0.3,0.2"));
            var ids = week.Select(t => t.Id).ToHashSet();
            var lines = new List<string> { telematicsHeader };
            lines.AddRange(Readings.Where(r => ids.Contains(r.Trip)).Select(r => TelematicsLine(r, offsets[r.City])));
            if (week.Key == 1)
            {
                var t = week.First();
                tripLines.Add($"T9BACKWARD,{t.Customer},{t.Vehicle},{t.StartBay},{t.EndBay},{Local(t.EndedUtc, t.Offset)},{Local(t.StartedUtc, t.Offset)},3,0.5,0.3,0.2");
                Defects.Add(("trips", "trip timestamps go backwards"));
                var r = Readings.First(x => ids.Contains(x.Trip));
                lines.Add(TelematicsLine(r with { Id = "E-BAD-SPEED" }, offsets[r.City]).Replace($",{F(r.Speed)},", ",fast,", StringComparison.Ordinal));
                Defects.Add(("telematics", "unparseable speed_kmh"));
                lines.Add(TelematicsLine(r with { Id = "E-BAD-COORD" }, offsets[r.City]).Replace($",{r.RoadType},", $",{r.RoadType},", StringComparison.Ordinal)
                    .Replace(",52.5,13.4,", ",999,13.4,", StringComparison.Ordinal).Replace(",38.7,-9.1,", ",999,-9.1,", StringComparison.Ordinal));
                Defects.Add(("telematics", "lat above 90"));
                lines.Add(string.Join(',', TelematicsLine(r with { Id = "E-SHORT" }, offsets[r.City]).Split(',').Take(10)));
                Defects.Add(("telematics", "unparseable line"));
                lines.Add(TelematicsLine(r with { Id = "E-UNKNOWN-CUST", Customer = "C999999" }, offsets[r.City]));
                Defects.Add(("telematics", "unknown customer_id"));
                lines.Add(TelematicsLine(r with { Id = "E-UNKNOWN-TRIP", Trip = "T999999999" }, offsets[r.City]));
                Defects.Add(("telematics", "unknown trip_id"));
                lines.Add(TelematicsLine(r with { Id = "E-BACKWARDS", Utc = r.Utc.AddDays(-1) }, offsets[r.City]));
                Defects.Add(("telematics", "recorded_at outside its trip"));
                duplicated = TelematicsLine(r, offsets[r.City]);
            }
            if (week.Key == 3 && duplicated is not null)
            {
                // The same reading delivered again a fortnight later.
                lines.Add(duplicated);
                DuplicateTelematicsRows++;
            }
            WriteDelivery(rawDir, "trips", "csv", delivery, tripLines);
            WriteDelivery(rawDir, "telematics", "csv", delivery, lines);
        }

        var claims = Claims.Select(c => $$"""{"claim_id":"{{c.Id}}","customer_id":"{{c.Customer}}","vehicle_id":"V00000","trip_id":null,"incident_at":"{{Local(c.IncidentUtc, 60)}}","reported_at":"{{Local(c.ReportedUtc, 60)}}","claim_type":"collision","amount_eur":{{F(c.Amount)}},"policy_tenure_months":12,"prior_claims":0,"description":"urgent, paid cash, no witnesses"}""").ToList();
        claims.Add("{\"claim_id\": \"K-BROKEN\", \"customer_id\":");
        Defects.Add(("claims", "unparseable line"));
        WriteDelivery(rawDir, "claims", "jsonl", Start.AddDays(120), claims);
        WriteDelivery(rawDir, "claim_outcomes", "csv", Start.AddDays(120),
            ["claim_id,decided_at,outcome,paid_eur", .. Claims.Take(3).Select(c => $"{c.Id},{Local(c.ReportedUtc.AddDays(5), 0)},paid,{F(c.Amount)}")]);
        WriteDelivery(rawDir, "bookings", "csv", Start,
            ["booking_id,parking_bay_id,customer_id,vehicle_type,created_at,starts_at,ends_at,quoted_price_per_min,status",
             $"K1,B0000,C000000,car,{Local(Start.AddHours(8), 60)},{Local(Start.AddHours(9).AddMinutes(5), 60)},{Local(Start.AddHours(10), 60)},0.3,booked",
             $"K2,B0000,C000001,car,{Local(Start.AddHours(8), 60)},{Local(Start.AddHours(9).AddMinutes(14), 60)},{Local(Start.AddHours(10), 60)},0.3,booked",
             $"K3,B0001,C000001,van,{Local(Start.AddHours(8), 60)},{Local(Start.AddHours(10), 60)},{Local(Start.AddHours(11), 60)},0.4,cancelled"]);
        WriteDelivery(rawDir, "public_events", "jsonl", Start,
            [$$"""{"event_id":"W1","kind":"concert","city":"Berlin","lat":52.52,"lon":13.405,"starts_at":"{{Local(Start.AddDays(3), 60)}}","ends_at":"{{Local(Start.AddDays(3).AddHours(3), 60)}}","attendance":20000,"announced_at":"{{Local(Start, 60)}}"}"""]);
    }

    private static string TelematicsLine(Reading r, int offset)
    {
        var (lat, lon) = r.City == "Berlin" ? ("52.5", "13.4") : ("38.7", "-9.1");
        return $"{r.Id},{r.Trip},{r.Customer},{r.Vehicle},{Local(r.Utc, offset)},{lat},{lon},{r.RoadType},{F(r.Speed)},{F(r.Limit)},{F(r.AccelLong)},{F(r.AccelLat)},{r.EventType},{r.Phone}";
    }

    private static void WriteDelivery(string rawDir, string source, string extension, DateTime delivery, IEnumerable<string> lines)
    {
        var dir = Path.Combine(rawDir, source, delivery.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        File.WriteAllLines(Path.Combine(dir, $"{source}-1.{extension}"), lines, new UTF8Encoding(false));
    }
}
