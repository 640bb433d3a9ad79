using System.Globalization;
using System.Text.Json;

namespace RiskOps.Simulator.Tests;

/// <summary>
/// An independent validator of raw rows: what a lakehouse would check (field count, numbers, coordinates,
/// foreign keys, timestamps with an offset that do not go backwards). Used to prove every bad row is listed
/// in injected_defects.csv and every listed malformed row is really bad.
/// </summary>
internal sealed class RawValidator
{
    private const string TsFormat = "yyyy-MM-dd'T'HH:mm:sszzz";
    private readonly Dictionary<string, HashSet<string>> _keys = [];
    private readonly Dictionary<string, DateTimeOffset> _tripStart = [];

    public RawValidator(string rawDir)
    {
        _keys["customer"] = [.. RawFiles.Csv(rawDir, "customers").Select(r => r[0])];
        _keys["vehicle"] = [.. RawFiles.Csv(rawDir, "vehicles").Select(r => r[0])];
        _keys["bay"] = [.. RawFiles.Csv(rawDir, "bays").Select(r => r[0])];
        _keys["city"] = [.. RawFiles.Csv(rawDir, "cities").Select(r => r[0])];
        _keys["trip"] = [.. RawFiles.Csv(rawDir, "trips").Select(r => r[0])];
        _keys["claim"] = [.. RawFiles.JsonLines(rawDir, "claims").Where(e => e is not null && e.Value.TryGetProperty("claim_id", out _))
            .Select(e => e!.Value.GetProperty("claim_id").GetString()!)];
        // Every trip row that still has all its fields keeps started_at intact (only missing_field shifts columns).
        foreach (var r in RawFiles.CleanCsv(rawDir, "trips", 11))
        {
            if (TryTs(r[5], out var start))
            {
                _tripStart[r[0]] = start;
            }
        }
    }

    /// <summary>Numeric columns, the latitude column, foreign keys and timestamp pairs per source (by contract column name).</summary>
    private static readonly Dictionary<string, (string[] Numbers, string? Lat, (string Column, string Key)[] Fks, string[] Timestamps)> s_specs = new()
    {
        ["weather"] = (["rain_mm", "temperature_c", "visibility_m"], null, [("city", "city")], ["observed_at"]),
        ["traffic"] = (["congestion"], null, [("city", "city")], ["hour_start"]),
        ["public_events"] = (["lat", "lon", "attendance"], "lat", [("city", "city")], ["starts_at", "ends_at"]),
        ["trips"] = (["distance_km", "share_residential", "share_arterial", "share_highway"], null,
            [("customer_id", "customer"), ("vehicle_id", "vehicle"), ("start_bay_id", "bay"), ("end_bay_id", "bay")], ["started_at", "ended_at"]),
        ["telematics"] = (["lat", "lon", "speed_kmh", "speed_limit_kmh", "accel_long_g", "accel_lat_g"], "lat",
            [("trip_id", "trip"), ("customer_id", "customer"), ("vehicle_id", "vehicle")], ["recorded_at"]),
        ["traces"] = (["second", "speed_kmh", "accel_long_g", "accel_lat_g"], null, [("trip_id", "trip")], []),
        ["bookings"] = (["quoted_price_per_min"], null, [("parking_bay_id", "bay"), ("customer_id", "customer")], ["created_at", "starts_at", "ends_at"]),
        ["claims"] = (["amount_eur", "policy_tenure_months", "prior_claims"], null, [("customer_id", "customer"), ("vehicle_id", "vehicle")], ["incident_at", "reported_at"]),
        ["claim_outcomes"] = (["paid_eur"], null, [("claim_id", "claim")], ["decided_at"]),
    };

    public static IEnumerable<string> EventSources => s_specs.Keys;

    /// <summary>Local start of a trip, when its row survived with all fields.</summary>
    public DateTimeOffset? TripStart(string tripId) => _tripStart.TryGetValue(tripId, out var t) ? t : null;

    /// <summary>Null when the row is valid, else the first problem found.</summary>
    public string? Validate(string source, string[] columns, Func<string, string?> field, int fieldCount)
    {
        if (fieldCount != columns.Length)
        {
            return "field count";
        }

        var (numbers, lat, fks, timestamps) = s_specs[source];
        foreach (var n in numbers)
        {
            if (!RawFiles.TryDouble(field(n) ?? "", out _))
            {
                return $"number {n}";
            }
        }

        if (lat is not null && (Math.Abs(RawFiles.D(field(lat)!)) > 90 || Math.Abs(RawFiles.D(field("lon")!)) > 180))
        {
            return "coordinate";
        }

        foreach (var (column, key) in fks)
        {
            var value = field(column);
            if (value is not null && !_keys[key].Contains(value))
            {
                return $"foreign key {column}";
            }
        }

        DateTimeOffset? previous = null;
        foreach (var t in timestamps.Skip(source == "bookings" ? 1 : 0))
        {
            if (!TryTs(field(t) ?? "", out var ts) || ts < previous)
            {
                return $"timestamp {t}";
            }

            previous = ts;
        }

        if (source == "telematics" && _tripStart.TryGetValue(field("trip_id")!, out var tripStart) && TryTs(field("recorded_at")!, out var at) && at < tripStart)
        {
            return "reading before its trip";
        }

        return null;
    }

    public static bool TryTs(string s, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(s, TsFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    public static Func<string, string?> JsonField(JsonElement e) => name =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null => null,
            JsonValueKind.Number => v.GetRawText(),
            _ => v.GetRawText(),
        } : "";
}
