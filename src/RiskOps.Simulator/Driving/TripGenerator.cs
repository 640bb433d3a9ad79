using RiskOps.Core.Calendar;
using RiskOps.Simulator.Claims;
using RiskOps.Simulator.Output;
using RiskOps.Simulator.Randomness;
using RiskOps.Simulator.World;

namespace RiskOps.Simulator.Driving;

/// <summary>
/// Trips, telematics, traces and the true hazard of a block of customers on one day.
/// <para>The hazard model: P(incident on a trip) = 1 − exp(−λ) with
/// λ = base × km × propensity × behaviour × context × (erratic ? 1.8 : 1), where behaviour grows with excess speed on
/// residential streets (strongly) and highways (weakly), driver-caused harsh events and phone use, and context with
/// rain, night and congestion. Harsh brakes are partly driver-caused (rate ∝ propensity) and partly forced by rain
/// and congestion (same rate for everyone), so a brake in the wet rush hour says less about the driver.</para>
/// </summary>
internal sealed class TripGenerator
{
    public const string HazardFile = "customer_daily_hazard.csv";
    public const string HazardHeader = "customer_id,day,hazard,claim_hazard";
    public const double BaseHazardPerKm = 0.00035;
    public const double ParkedIncidentPerDay = 0.0004;

    /// <summary>Most trips a customer starts in one day (the Poisson draw is capped here).</summary>
    public const int MaxTripsPerDay = 6;

    /// <summary>Daily probability of a fabricated claim (no incident) by a fraud-prone customer, and by anyone else.</summary>
    public const double FabricatedPerDayFraudProne = 0.0015;
    public const double FabricatedPerDayOther = 0.00002;
    private const double SampleEverySeconds = 30;

    private static readonly double[][] s_hourWeights = BuildHourWeights();
    private readonly WorldModel _world;
    private readonly SimulationOptions _options;
    private readonly DateTime _localMidnight;

    public TripGenerator(WorldModel world)
    {
        _world = world;
        _options = world.Options;
        _localMidnight = _options.StartDate.ToDateTime(TimeOnly.MinValue);
    }

    public Batch Generate(int day, int from, int to)
    {
        var batch = new Batch(_options);
        var events = new List<DrivingEvent>(256);
        var segments = new List<Segment>(5);
        for (var i = from; i < to; i++)
        {
            GenerateCustomerDay(batch, _world.Customers[i], day, events, segments);
        }

        return batch;
    }

    private void GenerateCustomerDay(Batch batch, Customer customer, int day, List<DrivingEvent> events, List<Segment> segments)
    {
        var rng = Rng.Create(_options.Seed, RngStream.Trips, customer.Index, day);
        var defects = Rng.Create(_options.Seed, RngStream.TripDefects, customer.Index, day);
        var date = _world.DateOf(day);
        var profile = ProfileOn(customer, IsDayOff(date));
        var n = Math.Min(MaxTripsPerDay, rng.Poisson(customer.RentalFrequencyPerWeek / 7.0));
        Span<long> starts = stackalloc long[n];
        for (var k = 0; k < n; k++)
        {
            starts[k] = (day * 86_400L) + StartWithinDay(profile, rng);
        }

        starts.Sort();
        var survive = 1.0 - ParkedIncidentPerDay;
        // The same day seen by the CRAI label: an event that becomes a claim (claimed incidents and fabricated claims).
        var claimSurvive = (1.0 - (ClaimGenerator.ParkedClaimRate * ParkedIncidentPerDay))
                           * (1.0 - (customer.FraudProne ? FabricatedPerDayFraudProne : FabricatedPerDayOther));
        var notBefore = 0L;
        for (var k = 0; k < n; k++)
        {
            var start = Math.Max(starts[k], notBefore);
            var (end, p) = GenerateTrip(batch, customer, day, k, start, rng, defects, events, segments);
            notBefore = end + 600;
            survive *= 1 - p;
            claimSurvive *= 1 - (ClaimGenerator.DrivingClaimRate * p);
        }

        var vehicles = _world.VehiclesByCity[customer.CityIndex];
        if (rng.Bernoulli(ParkedIncidentPerDay))
        {
            var v = vehicles.Length > 0 ? vehicles[rng.NextInt(vehicles.Length)] : rng.NextInt(_world.Vehicles.Count);
            batch.Incidents.Add(new IncidentSeed(customer.Index, v, null, (day * 86_400L) + rng.NextInt(86_400), 0, IncidentCause.Parked, day));
        }

        if (rng.Bernoulli(customer.FraudProne ? FabricatedPerDayFraudProne : FabricatedPerDayOther))
        {
            var v = vehicles.Length > 0 ? vehicles[rng.NextInt(vehicles.Length)] : rng.NextInt(_world.Vehicles.Count);
            batch.Incidents.Add(new IncidentSeed(customer.Index, v, null, (day * 86_400L) + rng.NextInt(86_400), 0, IncidentCause.Fabricated, day));
        }

        batch.Truth(HazardFile).Append(customer.Id).Append(',').Append(Fmt.Date(date)).Append(',').Num(1 - survive, "0.#########").Append(',')
            .Num(1 - claimSurvive, "0.#########").Append('\n');
    }

    /// <summary>Weekends and public holidays: commuters drive like daytime drivers then.</summary>
    internal static bool IsDayOff(DateOnly date) =>
        date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || EuropeanHolidays.IsHoliday(date);

    internal static DriveProfile ProfileOn(Customer customer, bool dayOff) =>
        dayOff && customer.Profile == DriveProfile.Commuter ? DriveProfile.Daytime : customer.Profile;

    /// <summary>A trip's start in seconds after local midnight: an hour drawn from the profile's weights, then a second within it.</summary>
    internal static long StartWithinDay(DriveProfile profile, Rng rng) => (rng.Choose(s_hourWeights[(int)profile]) * 3_600L) + rng.NextInt(3_600);

    /// <summary>
    /// Draws one trip starting at <paramref name="start"/> (seconds since the first local midnight) and returns its end and
    /// its incident probability. With a <paramref name="batch"/> the trip is real: the incident is drawn and every row is
    /// written. Without one it is a dry run for <see cref="ExpectedHazard"/>: the same draws on the caller's stream, nothing written.
    /// </summary>
    internal (long End, double P) GenerateTrip(Batch? batch, Customer c, int day, int k, long start, Rng rng, Rng defects,
        List<DrivingEvent> events, List<Segment> segments)
    {
        var city = _world.Cities[c.CityIndex];
        var cityVehicles = _world.VehiclesByCity[c.CityIndex];
        var vehicle = _world.Vehicles[cityVehicles.Length > 0 ? cityVehicles[rng.NextInt(cityVehicles.Length)] : rng.NextInt(_world.Vehicles.Count)];
        var bays = _world.BaysByCity[c.CityIndex];
        var startBay = _world.Bays[bays[rng.NextInt(bays.Length)]];
        var endBay = _world.Bays[bays[rng.NextInt(bays.Length)]];
        var twoWheeler = vehicle.Type is VehicleType.Bike or VehicleType.Scooter;
        var km = Math.Round(Math.Clamp(rng.LogNormal(twoWheeler ? 3.0 : vehicle.Type == VehicleType.Van ? 10 : 8, 0.6), 0.5, twoWheeler ? 15 : 60), 2);
        double res, art, hw;
        if (twoWheeler)
        {
            hw = 0;
            res = rng.Uniform(0.45, 0.8);
        }
        else
        {
            hw = km > 6 ? c.HighwayAffinity * rng.Uniform(0.3, 0.8) : 0;
            res = (1 - hw) * rng.Uniform(0.25, 0.6);
        }

        res = Math.Round(res, 3);
        hw = Math.Round(hw, 3);
        art = Math.Round(1 - res - hw, 3);

        // Route: residential → arterial → highway → arterial → residential.
        segments.Clear();
        var t = 0.0;
        foreach (var (type, share) in new[] { (RoadType.Residential, res / 2), (RoadType.Arterial, art / 2), (RoadType.Highway, hw), (RoadType.Arterial, art / 2), (RoadType.Residential, res / 2) })
        {
            if (share <= 0)
            {
                continue;
            }

            var roads = _world.Roads[city.Index][(int)type];
            var limit = roads[rng.NextInt(roads.Length)].SpeedLimitKmh;
            var hour = (start + (long)t) / 3_600;
            var raining = _world.Context.IsRaining(city.Index, hour);
            var congestion = _world.Context.Congestion[city.Index][(int)type][_world.Context.ClampHour(hour)];
            var ratio = type switch
            {
                RoadType.Residential => c.ResidentialSpeedRatio,
                RoadType.Arterial => c.ArterialSpeedRatio,
                _ => c.HighwaySpeedRatio,
            };
            var target = limit * ratio * (1 - (0.5 * congestion)) * (raining ? 0.93 : 1.0);
            target = vehicle.Type switch
            {
                VehicleType.Bike => Math.Min(target, 22),
                VehicleType.Scooter => Math.Min(target, 25),
                VehicleType.Van => Math.Min(target, 115),
                _ => target,
            };
            target = Math.Max(target, 6);
            var segKm = km * share;
            var duration = segKm / target * 3_600;
            segments.Add(new Segment
            {
                Type = type, LimitKmh = limit, Km = segKm, TargetKmh = target, StartT = t, EndT = t + duration,
                Raining = raining, Congestion = congestion,
            });
            t += duration;
        }

        var seconds = Math.Max(60, t);
        var phase1 = rng.Uniform(0, 2 * Math.PI);
        var phase2 = rng.Uniform(0, 2 * Math.PI);
        double Speed(double at)
        {
            var seg = segments[SegmentAt(segments, at)];
            var ramp = Math.Min(1, Math.Min((at + 15) / 75, (seconds - at + 15) / 75));
            return Math.Max(0, seg.TargetKmh * ramp * (1 + (0.06 * Math.Sin((2 * Math.PI * at / 240) + phase1)) + (0.04 * Math.Sin((2 * Math.PI * at / 97) + phase2))));
        }

        events.Clear();
        var propFactor = Math.Pow(c.Propensity, 1.3);
        var driverHarsh = 0;
        for (var slot = 0.0; slot < seconds; slot += SampleEverySeconds)
        {
            var width = Math.Min(SampleEverySeconds, seconds - slot);
            var frac = width / SampleEverySeconds;
            var si = SegmentAt(segments, slot);
            var seg = segments[si];
            var rtFactor = seg.Type switch { RoadType.Residential => 1.2, RoadType.Arterial => 1.0, _ => 0.5 };
            var cornerFactor = seg.Type switch { RoadType.Residential => 1.3, RoadType.Arterial => 1.0, _ => 0.3 };
            var cong2 = seg.Congestion * seg.Congestion;
            driverHarsh += AddFlags(events, rng, slot, width, FlagKind.HarshBrake, 0.012 * propFactor * rtFactor * frac);
            AddFlags(events, rng, slot, width, FlagKind.HarshBrake, ((seg.Raining ? 0.035 : 0) + (0.05 * cong2)) * frac);
            driverHarsh += AddFlags(events, rng, slot, width, FlagKind.HarshAccel, 0.010 * propFactor * frac);
            AddFlags(events, rng, slot, width, FlagKind.HarshAccel, 0.025 * cong2 * frac);
            driverHarsh += AddFlags(events, rng, slot, width, FlagKind.HarshCorner, 0.006 * c.Propensity * cornerFactor * frac);
        }

        if (c.Erratic)
        {
            ErraticOrdering.Apply(events, rng, seconds);
        }

        // Phone episodes: a phone_use event at the start, phone_in_use = 1 on every reading inside.
        Span<double> phoneStart = stackalloc double[3];
        Span<double> phoneEnd = stackalloc double[3];
        var phoneEpisodes = rng.Bernoulli(c.PhoneHabit) ? 1 + rng.NextInt(3) : 0;
        for (var e = 0; e < phoneEpisodes; e++)
        {
            phoneStart[e] = rng.Uniform(0, seconds);
            phoneEnd[e] = phoneStart[e] + rng.Uniform(60, 180);
            events.Add(new DrivingEvent { T = phoneStart[e], Kind = FlagKind.PhoneUse });
        }

        // Periodic samples; the first reading above the limit after one at or below it also raises a `speeding` event.
        double resExcess = 0, hwExcess = 0, rainShare = 0, nightShare = 0, congMean = 0;
        int resReadings = 0, hwReadings = 0, readings = 0;
        var wasSpeeding = false;
        for (var at = rng.Uniform(0, SampleEverySeconds); at < seconds; at += SampleEverySeconds)
        {
            var seg = segments[SegmentAt(segments, at)];
            var speed = Speed(at) * (1 + rng.Normal(0, 0.03));
            events.Add(new DrivingEvent
            {
                T = at, Kind = FlagKind.Sample, SpeedKmh = speed,
                AccelLongG = Math.Clamp(rng.Normal(0, 0.04), -0.25, 0.25), AccelLatG = Math.Clamp(rng.Normal(0, 0.03), -0.25, 0.25),
            });
            var speeding = speed > seg.LimitKmh;
            if (speeding && !wasSpeeding)
            {
                events.Add(new DrivingEvent { T = Math.Min(at + 1, seconds), Kind = FlagKind.Speeding, SpeedKmh = speed + 0.5 });
            }

            wasSpeeding = speeding;
            readings++;
            if (seg.Type == RoadType.Residential)
            {
                resExcess += Math.Max(0, speed - seg.LimitKmh);
                resReadings++;
            }
            else if (seg.Type == RoadType.Highway)
            {
                hwExcess += Math.Max(0, speed - seg.LimitKmh);
                hwReadings++;
            }

            rainShare += seg.Raining ? 1 : 0;
            congMean += seg.Congestion;
            var localHour = (int)((start + (long)at) / 3_600 % 24);
            nightShare += localHour is >= 22 or < 5 ? 1 : 0;
        }

        readings = Math.Max(1, readings);
        var behaviour = Math.Exp((0.08 * (resExcess / Math.Max(1, resReadings))) + (0.01 * (hwExcess / Math.Max(1, hwReadings)))
                                 + (0.12 * driverHarsh) + (0.35 * phoneEpisodes));
        var context = (1 + (0.8 * rainShare / readings)) * (1 + (0.6 * nightShare / readings)) * (1 + (0.3 * congMean / readings));
        var lambda = BaseHazardPerKm * km * c.Propensity * behaviour * context * (c.Erratic ? 1.8 : 1.0);
        var p = 1 - Math.Exp(-lambda);
        var end = start + (long)Math.Ceiling(seconds);
        if (batch is null)
        {
            return (end, p);
        }

        events.Sort((a, b) => a.T.CompareTo(b.T));
        var tripNo = (((long)day * _options.Customers) + c.Index) * 8 + k;
        var tripId = $"T{tripNo:D12}";

        if (rng.Bernoulli(p))
        {
            var at = rng.Uniform(0, seconds);
            batch.Incidents.Add(new IncidentSeed(c.Index, vehicle.Index, tripId, start + (long)at, Speed(at), IncidentCause.Driving, day));
        }

        // trips
        var row = batch.Row;
        row.Append(tripId).Append(',').Append(c.Id).Append(',').Append(vehicle.Id).Append(',').Append(startBay.Id).Append(',').Append(endBay.Id).Append(',')
            .Ts(_localMidnight, start, city.OffsetText).Append(',').Ts(_localMidnight, end, city.OffsetText).Append(',')
            .Num(km, "0.##").Append(',').Num(res, "0.###").Append(',').Num(art, "0.###").Append(',').Num(hw, "0.###");
        batch.EmitCsv(RawSource.Trips, day, tripId, defects);

        // telematics
        var seq = 0;
        foreach (var e in events)
        {
            var seg = segments[SegmentAt(segments, e.T)];
            var speed = e.Kind is FlagKind.Sample or FlagKind.Speeding ? e.SpeedKmh : Speed(e.T);
            if (e.Kind == FlagKind.HarshCorner)
            {
                speed *= 0.7;
            }

            var f = e.T / seconds;
            var amp = 0.004 * Math.Sqrt(km);
            var lat = startBay.Lat + ((endBay.Lat - startBay.Lat) * f) + (amp * Math.Sin(Math.PI * f));
            var lon = startBay.Lon + ((endBay.Lon - startBay.Lon) * f) + (1.3 * amp * Math.Sin(2 * Math.PI * f));
            var phone = e.Kind == FlagKind.PhoneUse;
            for (var pe = 0; pe < phoneEpisodes && !phone; pe++)
            {
                phone = e.T >= phoneStart[pe] && e.T <= phoneEnd[pe];
            }

            var eventId = $"E{tripNo:D12}{seq++:D4}";
            row.Append(eventId).Append(',').Append(tripId).Append(',').Append(c.Id).Append(',').Append(vehicle.Id).Append(',')
                .Ts(_localMidnight, start + (long)e.T, city.OffsetText).Append(',').Num(lat, "F6").Append(',').Num(lon, "F6").Append(',')
                .Append(RoadTypes.Name(seg.Type)).Append(',').Num(speed, "F1").Append(',').Append(seg.LimitKmh).Append(',')
                .Num(e.AccelLongG, "F3").Append(',').Num(e.AccelLatG, "F3").Append(',').Append(EventTypeName(e.Kind)).Append(',').Append(phone ? '1' : '0');
            batch.EmitCsv(RawSource.Telematics, day, eventId, defects);
        }

        if (rng.Bernoulli(_options.TraceRate))
        {
            WriteTrace(batch, tripId, day, seconds, Speed, events, rng, defects);
        }

        return (end, p);
    }

    /// <summary>Adds Poisson(rate) flagged events in one slot; returns how many (the caller counts driver-caused ones for the hazard).</summary>
    private static int AddFlags(List<DrivingEvent> events, Rng rng, double slot, double width, FlagKind kind, double rate)
    {
        var n = rng.Poisson(rate);
        for (var i = 0; i < n; i++)
        {
            var e = new DrivingEvent { T = slot + rng.Uniform(0, width), Kind = kind };
            switch (kind)
            {
                case FlagKind.HarshBrake:
                    e.AccelLongG = -(0.3 + rng.Exponential(0.08));
                    e.AccelLatG = rng.Normal(0, 0.05);
                    break;
                case FlagKind.HarshAccel:
                    e.AccelLongG = 0.3 + rng.Exponential(0.06);
                    e.AccelLatG = rng.Normal(0, 0.05);
                    break;
                default:
                    e.AccelLongG = rng.Normal(0, 0.05);
                    e.AccelLatG = (rng.Bernoulli(0.5) ? 1 : -1) * (0.3 + rng.Exponential(0.07));
                    break;
            }

            events.Add(e);
        }

        return n;
    }

    private void WriteTrace(Batch batch, string tripId, int day, double seconds, Func<double, double> speedAt, List<DrivingEvent> events, Rng rng, Rng defects)
    {
        var total = (int)seconds;
        var dips = new double[total + 2];
        var longSpike = new double[total + 2];
        var latSpike = new double[total + 2];
        foreach (var e in events)
        {
            var s = (int)e.T;
            if (s > total || e.Kind is FlagKind.Sample or FlagKind.Speeding or FlagKind.PhoneUse)
            {
                continue;
            }

            longSpike[s] += e.Kind is FlagKind.HarshBrake or FlagKind.HarshAccel ? e.AccelLongG : 0;
            latSpike[s] += e.Kind == FlagKind.HarshCorner ? e.AccelLatG : 0;
            if (e.Kind == FlagKind.HarshBrake)
            {
                // A harsh brake sheds speed for a few seconds: Δv = a × Δt (g → km/h per second ≈ 35.3).
                var drop = -e.AccelLongG * 35.3 * 2;
                for (var j = 0; j < 8 && s + j <= total; j++)
                {
                    dips[s + j] += drop * (1 - (j / 8.0));
                }
            }
        }

        var row = batch.Row;
        var previous = Math.Max(0, speedAt(0) - dips[0]);
        for (var s = 0; s <= total; s++)
        {
            var speed = Math.Max(0, speedAt(s) - dips[s]);
            var accelLong = ((speed - previous) / 3.6 / 9.81) + rng.Normal(0, 0.01) + longSpike[s];
            var accelLat = rng.Normal(0, 0.02) + latSpike[s];
            previous = speed;
            row.Append(tripId).Append(',').Append(s).Append(',').Num(speed, "F1").Append(',').Num(accelLong, "F3").Append(',').Num(accelLat, "F3");
            batch.EmitCsv(RawSource.Traces, day, tripId, s, defects);
        }
    }

    private static int SegmentAt(List<Segment> segments, double t)
    {
        for (var i = 0; i < segments.Count - 1; i++)
        {
            if (t < segments[i].EndT)
            {
                return i;
            }
        }

        return segments.Count - 1;
    }

    private static string EventTypeName(FlagKind kind) => kind switch
    {
        FlagKind.Sample => "sample",
        FlagKind.HarshBrake => "harsh_brake",
        FlagKind.HarshAccel => "harsh_accel",
        FlagKind.HarshCorner => "harsh_corner",
        FlagKind.Speeding => "speeding",
        _ => "phone_use",
    };

    private static double[][] BuildHourWeights()
    {
        var commuter = new double[24];
        var daytime = new double[24];
        var evening = new double[24];
        for (var h = 0; h < 24; h++)
        {
            commuter[h] = 0.05 + (3 * Bump(h, 8, 1)) + (3 * Bump(h, 17.5, 1.3)) + (0.5 * Bump(h, 13, 3));
            daytime[h] = 0.05 + (2 * Bump(h, 13, 3));
            evening[h] = 0.05 + (2 * Bump(h, 21, 2)) + (1.2 * Bump(h, 1, 1.5)) + (1.2 * Bump(h, 25, 1.5));
        }

        return [commuter, daytime, evening];
    }

    private static double Bump(double x, double c, double w) => Math.Exp(-0.5 * (x - c) * (x - c) / (w * w));
}
