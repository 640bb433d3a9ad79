namespace RiskOps.Simulator.Output;

/// <summary>
/// One raw source of docs/data-contract.md: its columns in contract order, its format and which columns a
/// malformed row may corrupt (numbers, coordinates, foreign keys, a timestamp pair that must not go backwards).
/// </summary>
internal sealed class RawSource
{
    private RawSource(int ordinal, string name, bool jsonLines, string[] columns)
    {
        Ordinal = ordinal;
        Name = name;
        JsonLines = jsonLines;
        Columns = columns;
    }

    public int Ordinal { get; }
    public string Name { get; }
    public bool JsonLines { get; }
    public string[] Columns { get; }
    public string Extension => JsonLines ? "jsonl" : "csv";
    public int[] NumericColumns { get; private init; } = [];
    public int LatColumn { get; private init; } = -1;
    public (int Column, string Bogus)[] ForeignKeys { get; private init; } = [];

    /// <summary>(earlier, later) column pair; earlier = -1 means "shift the later one back a day, before its trip started".</summary>
    public (int Earlier, int Later)? Timestamps { get; private init; }

    public int Index(string column) => Array.IndexOf(Columns, column);

    public static readonly RawSource Customers = new(0, "customers", false,
        ["customer_id", "birth_date", "licence_date", "home_city", "signup_date", "rental_frequency_per_week", "gender", "region"]);

    public static readonly RawSource Vehicles = new(1, "vehicles", false, ["vehicle_id", "vehicle_type", "premium", "home_city", "model_year"]);

    public static readonly RawSource Cities = new(2, "cities", false, ["city", "lat", "lon", "utc_offset_minutes"]);

    public static readonly RawSource Roads = new(3, "roads", false, ["road_segment_id", "city", "road_type", "speed_limit_kmh", "length_km"]);

    public static readonly RawSource Bays = new(4, "bays", false, ["parking_bay_id", "city", "lat", "lon", "capacity", "poi"]);

    public static readonly RawSource Weather = new(5, "weather", true, ["city", "observed_at", "rain_mm", "temperature_c", "visibility_m"])
    {
        NumericColumns = [2, 3, 4],
    };

    public static readonly RawSource Traffic = new(6, "traffic", false, ["city", "road_type", "hour_start", "congestion"])
    {
        NumericColumns = [3],
    };

    public static readonly RawSource PublicEvents = new(7, "public_events", true,
        ["event_id", "kind", "city", "lat", "lon", "starts_at", "ends_at", "attendance", "announced_at"])
    {
        NumericColumns = [3, 4, 7],
        LatColumn = 3,
        Timestamps = (5, 6),
    };

    public static readonly RawSource Trips = new(8, "trips", false,
        ["trip_id", "customer_id", "vehicle_id", "start_bay_id", "end_bay_id", "started_at", "ended_at", "distance_km", "share_residential", "share_arterial", "share_highway"])
    {
        NumericColumns = [7, 8, 9, 10],
        ForeignKeys = [(1, "C9999999"), (2, "V9999999"), (3, "B999999")],
        Timestamps = (5, 6),
    };

    public static readonly RawSource Telematics = new(9, "telematics", false,
        ["event_id", "trip_id", "customer_id", "vehicle_id", "recorded_at", "lat", "lon", "road_type", "speed_kmh", "speed_limit_kmh", "accel_long_g", "accel_lat_g", "event_type", "phone_in_use"])
    {
        NumericColumns = [5, 6, 8, 9, 10, 11],
        LatColumn = 5,
        ForeignKeys = [(1, "T999999999999"), (2, "C9999999")],
        Timestamps = (-1, 4),
    };

    public static readonly RawSource Traces = new(10, "traces", false, ["trip_id", "second", "speed_kmh", "accel_long_g", "accel_lat_g"])
    {
        NumericColumns = [2, 3, 4],
        ForeignKeys = [(0, "T999999999999")],
    };

    public static readonly RawSource Bookings = new(11, "bookings", false,
        ["booking_id", "parking_bay_id", "customer_id", "vehicle_type", "created_at", "starts_at", "ends_at", "quoted_price_per_min", "status"])
    {
        NumericColumns = [7],
        ForeignKeys = [(1, "B999999"), (2, "C9999999")],
        Timestamps = (5, 6),
    };

    public static readonly RawSource Claims = new(12, "claims", true,
        ["claim_id", "customer_id", "vehicle_id", "trip_id", "incident_at", "reported_at", "claim_type", "amount_eur", "policy_tenure_months", "prior_claims", "description"])
    {
        NumericColumns = [7, 8, 9],
        ForeignKeys = [(1, "C9999999"), (2, "V9999999")],
        Timestamps = (4, 5),
    };

    public static readonly RawSource ClaimOutcomes = new(13, "claim_outcomes", false, ["claim_id", "decided_at", "outcome", "paid_eur"])
    {
        NumericColumns = [3],
        ForeignKeys = [(0, "K99999999")],
    };

    public static IReadOnlyList<RawSource> All { get; } =
        [Customers, Vehicles, Cities, Roads, Bays, Weather, Traffic, PublicEvents, Trips, Telematics, Traces, Bookings, Claims, ClaimOutcomes];
}
