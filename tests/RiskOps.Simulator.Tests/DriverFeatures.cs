namespace RiskOps.Simulator.Tests;

/// <summary>Per-driver features recomputed from the raw files only (the way a feature pipeline would), keyed by customer id.</summary>
internal sealed class DriverFeatures
{
    public Dictionary<string, double> Km { get; } = [];
    public Dictionary<string, double> Brakes { get; } = [];
    public Dictionary<string, double> ContextWeightedBrakes { get; } = [];
    public Dictionary<string, double> HarshBrakeAccel { get; } = [];
    public Dictionary<string, (int Above, int All)> Speeding { get; } = [];
    public Dictionary<string, (int Above, int All)> ResidentialSpeeding { get; } = [];

    /// <summary>Share of harsh brake/accel events followed within 5 s, in the same trip, by one of the other kind.</summary>
    public Dictionary<string, (int Bursts, int Harsh)> Alternation { get; } = [];

    public Dictionary<string, double> Propensity { get; } = [];
    public Dictionary<string, bool> Erratic { get; } = [];

    public static DriverFeatures Compute(string rawDir, string truthDir)
    {
        var f = new DriverFeatures();
        var cityOf = RawFiles.CleanCsv(rawDir, "customers", 8).ToDictionary(r => r[0], r => r[3]);
        foreach (var row in RawFiles.Truth(truthDir, "customers.csv"))
        {
            f.Propensity[row[0]] = RawFiles.D(row[1]);
            f.Erratic[row[0]] = row[2] == "true";
        }

        foreach (var trip in RawFiles.CleanCsv(rawDir, "trips", 11))
        {
            if (f.Propensity.ContainsKey(trip[1]) && RawFiles.TryDouble(trip[7], out var km))
            {
                f.Km[trip[1]] = f.Km.GetValueOrDefault(trip[1]) + km;
            }
        }

        var raining = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in RawFiles.JsonLines(rawDir, "weather"))
        {
            if (w is { } e && e.TryGetProperty("rain_mm", out var rain) && rain.ValueKind == System.Text.Json.JsonValueKind.Number
                && e.TryGetProperty("observed_at", out var at) && e.TryGetProperty("city", out var city) && rain.GetDouble() >= 0.1)
            {
                raining.Add($"{city.GetString()}|{at.GetString()![..13]}");
            }
        }

        var congestion = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var t in RawFiles.CleanCsv(rawDir, "traffic", 4, dedupeByFirst: false))
        {
            if (RawFiles.TryDouble(t[3], out var c))
            {
                congestion[$"{t[0]}|{t[1]}|{t[2][..13]}"] = c;
            }
        }

        var byTrip = new Dictionary<string, List<(string Customer, DateTimeOffset At, string Type)>>(StringComparer.Ordinal);
        foreach (var e in RawFiles.CleanCsv(rawDir, "telematics", 14))
        {
            var customer = e[2];
            if (!cityOf.TryGetValue(customer, out var city) || !RawFiles.TryDouble(e[8], out var speed) || !RawFiles.TryDouble(e[9], out var limit))
            {
                continue;
            }

            var hour = e[4][..13];
            switch (e[12])
            {
                case "harsh_brake":
                    var rain = raining.Contains($"{city}|{hour}") ? 1.0 : 0.0;
                    var cong = congestion.GetValueOrDefault($"{city}|{e[7]}|{hour}");
                    f.Brakes[customer] = f.Brakes.GetValueOrDefault(customer) + 1;
                    f.ContextWeightedBrakes[customer] = f.ContextWeightedBrakes.GetValueOrDefault(customer) + (1 / (1 + rain + cong));
                    f.HarshBrakeAccel[customer] = f.HarshBrakeAccel.GetValueOrDefault(customer) + 1;
                    Add(byTrip, e[1], customer, e[4], e[12]);
                    break;
                case "harsh_accel":
                    f.HarshBrakeAccel[customer] = f.HarshBrakeAccel.GetValueOrDefault(customer) + 1;
                    Add(byTrip, e[1], customer, e[4], e[12]);
                    break;
                case "sample":
                    var above = speed > limit ? 1 : 0;
                    var s = f.Speeding.GetValueOrDefault(customer);
                    f.Speeding[customer] = (s.Above + above, s.All + 1);
                    if (e[7] == "residential")
                    {
                        var r = f.ResidentialSpeeding.GetValueOrDefault(customer);
                        f.ResidentialSpeeding[customer] = (r.Above + above, r.All + 1);
                    }

                    break;
            }
        }

        foreach (var events in byTrip.Values)
        {
            events.Sort((a, b) => a.At.CompareTo(b.At));
            var customer = events[0].Customer;
            var bursts = 0;
            for (var i = 0; i + 1 < events.Count; i++)
            {
                if (events[i + 1].Type != events[i].Type && (events[i + 1].At - events[i].At).TotalSeconds <= 5)
                {
                    bursts++;
                }
            }

            var a = f.Alternation.GetValueOrDefault(customer);
            f.Alternation[customer] = (a.Bursts + bursts, a.Harsh + events.Count);
        }

        return f;
    }

    private static void Add(Dictionary<string, List<(string, DateTimeOffset, string)>> byTrip, string trip, string customer, string at, string type)
    {
        if (!byTrip.TryGetValue(trip, out var list))
        {
            list = [];
            byTrip[trip] = list;
        }

        list.Add((customer, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), type));
    }
}
