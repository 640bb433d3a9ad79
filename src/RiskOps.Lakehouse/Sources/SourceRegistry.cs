using static RiskOps.Lakehouse.Sources.ColumnSpec;

namespace RiskOps.Lakehouse.Sources;

/// <summary>
/// The raw sources of docs/data-contract.md, in the order silver processes them: reference data
/// first, so that event rows can be checked for referential integrity against it.
/// </summary>
internal static class SourceRegistry
{
    private static readonly string[] s_roadTypes = ["residential", "arterial", "highway"];

    public static IReadOnlyList<SourceDefinition> All { get; } =
    [
        new("cities", SourceFormat.Csv, true,
            [Id("city"), Number("lat", -90, 90), Number("lon", -180, 180), Int("utc_offset_minutes", -840, 840)], ["city"]),
        new("roads", SourceFormat.Csv, true,
            [Id("road_segment_id"), Id("city"), Enum("road_type", s_roadTypes), Number("speed_limit_kmh", 1, 200), Number("length_km", 0, 1000)],
            ["road_segment_id"]),
        new("customers", SourceFormat.Csv, true,
            [Id("customer_id"), Date("birth_date"), Date("licence_date"), Id("home_city"), Date("signup_date"),
             Number("rental_frequency_per_week", 0, 100), Enum("gender", "M", "F", "X"), Text("region")],
            ["customer_id"])
        {
            Checks = [new("t.licence_date < t.birth_date", "licence_date before birth_date")],
        },
        new("vehicles", SourceFormat.Csv, true,
            [Id("vehicle_id"), Enum("vehicle_type", "car", "van", "bike", "scooter"), Bool("premium"), Id("home_city"), Int("model_year", 1950, 2100)],
            ["vehicle_id"]),
        new("bays", SourceFormat.Csv, true,
            [Id("parking_bay_id"), Id("city"), Number("lat", -90, 90), Number("lon", -180, 180), Int("capacity", 0, 100_000), Text("poi", required: false)],
            ["parking_bay_id"]),
        new("weather", SourceFormat.JsonLines, false,
            [Id("city"), Timestamp("observed_at"), Number("rain_mm", 0, 500), Number("temperature_c", -90, 60), Number("visibility_m", 0, 1_000_000)],
            ["city", "observed_at"]) { EventTimeColumn = "observed_at" },
        new("traffic", SourceFormat.Csv, false,
            [Id("city"), Enum("road_type", s_roadTypes), Timestamp("hour_start"), Number("congestion", 0, 1)],
            ["city", "road_type", "hour_start"]) { EventTimeColumn = "hour_start" },
        new("public_events", SourceFormat.JsonLines, false,
            [Id("event_id"), Enum("kind", "concert", "sports", "transit_disruption", "festival"), Id("city"),
             Number("lat", -90, 90), Number("lon", -180, 180), Timestamp("starts_at"), Timestamp("ends_at"),
             Int("attendance", 0, 10_000_000), Timestamp("announced_at")],
            ["event_id"])
        {
            EventTimeColumn = "announced_at",
            Checks = [new("t.ends_at < t.starts_at", "event ends before it starts")],
        },
        new("trips", SourceFormat.Csv, false,
            [Id("trip_id"), Id("customer_id"), Id("vehicle_id"), Id("start_bay_id"), Id("end_bay_id"), Timestamp("started_at"), Timestamp("ended_at"),
             Number("distance_km", 0, 5000), Number("share_residential", 0, 1), Number("share_arterial", 0, 1), Number("share_highway", 0, 1)],
            ["trip_id"])
        {
            EventTimeColumn = "ended_at",
            ForeignKeys = [new("customer_id", "customers", "customer_id"), new("vehicle_id", "vehicles", "vehicle_id"),
                           new("start_bay_id", "bays", "parking_bay_id"), new("end_bay_id", "bays", "parking_bay_id")],
            Checks = [new("t.ended_at < t.started_at", "trip timestamps go backwards (ended_at before started_at)")],
        },
        new("telematics", SourceFormat.Csv, false,
            [Id("event_id"), Id("trip_id"), Id("customer_id"), Id("vehicle_id"), Timestamp("recorded_at"),
             Number("lat", -90, 90), Number("lon", -180, 180), Enum("road_type", s_roadTypes),
             Number("speed_kmh", 0, 400), Number("speed_limit_kmh", 1, 200), Number("accel_long_g", -5, 5), Number("accel_lat_g", -5, 5),
             Enum("event_type", "sample", "harsh_brake", "harsh_accel", "harsh_corner", "speeding", "phone_use"), Bit("phone_in_use")],
            ["event_id"])
        {
            EventTimeColumn = "recorded_at",
            MonthPartitioned = true,
            ForeignKeys =
            [
                new("customer_id", "customers", "customer_id"), new("vehicle_id", "vehicles", "vehicle_id"),
                new("trip_id", "trips", "trip_id") { Within = ("recorded_at", "started_at", "ended_at") },
            ],
            // SI units next to the contract's units, so gold computes jerk and stress without unit slips.
            Derived =
            [
                ("speed_mps", "t.speed_kmh / 3.6"),
                ("speed_limit_mps", "t.speed_limit_kmh / 3.6"),
                ("accel_long_mps2", "t.accel_long_g * 9.80665"),
                ("accel_lat_mps2", "t.accel_lat_g * 9.80665"),
            ],
        },
        new("traces", SourceFormat.Csv, false,
            [Id("trip_id"), Int("second", 0, 172_800), Number("speed_kmh", 0, 400), Number("accel_long_g", -5, 5), Number("accel_lat_g", -5, 5)],
            ["trip_id", "second"])
        {
            ForeignKeys = [new("trip_id", "trips", "trip_id")],
        },
        new("bookings", SourceFormat.Csv, false,
            [Id("booking_id"), Id("parking_bay_id"), Id("customer_id"), Enum("vehicle_type", "car", "van", "bike", "scooter"),
             Timestamp("created_at"), Timestamp("starts_at"), Timestamp("ends_at"), Number("quoted_price_per_min", 0, 100), Enum("status", "booked", "cancelled")],
            ["booking_id"])
        {
            EventTimeColumn = "created_at",
            ForeignKeys = [new("parking_bay_id", "bays", "parking_bay_id"), new("customer_id", "customers", "customer_id")],
            Checks = [new("t.ends_at < t.starts_at", "booking ends before it starts")],
        },
        new("claims", SourceFormat.JsonLines, false,
            [Id("claim_id"), Id("customer_id"), Id("vehicle_id"), Id("trip_id", required: false), Timestamp("incident_at"), Timestamp("reported_at"),
             Enum("claim_type", "collision", "theft", "vandalism", "glass", "injury"), Number("amount_eur", 0, 100_000_000),
             Int("policy_tenure_months", 0, 1200), Int("prior_claims", 0, 1000), Text("description", required: false)],
            ["claim_id"])
        {
            EventTimeColumn = "reported_at",
            ForeignKeys = [new("customer_id", "customers", "customer_id"), new("vehicle_id", "vehicles", "vehicle_id")],
            Checks = [new("t.reported_at < t.incident_at", "claim reported before the incident")],
        },
        new("claim_outcomes", SourceFormat.Csv, false,
            [Id("claim_id"), Timestamp("decided_at"), Enum("outcome", "paid", "rejected", "fraud_confirmed"),
             new ColumnSpec("paid_eur", ColumnKind.Double, Required: false) { Min = 0, Max = 100_000_000 }],
            ["claim_id"])
        {
            EventTimeColumn = "decided_at",
            ForeignKeys = [new("claim_id", "claims", "claim_id")],
        },
    ];

    public static SourceDefinition? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    public static SourceDefinition Get(string name) =>
        Find(name) ?? throw new InvalidOperationException($"source {name} is not registered");
}
