namespace RiskOps.Core.Lakehouse;

/// <summary>
/// Names of the gold tables, the lakehouse's contract with the feature store and training
/// (see docs/data-contract.md). Every gold row carries <see cref="EventTimestamp"/> and
/// <see cref="CreatedTimestamp"/>.
/// </summary>
public static class GoldTables
{
    public const string CustomerDrivingBehavior = "customer_driving_behavior";
    public const string CustomerProfile = "customer_profile";
    public const string CustomerIncidentHistory = "customer_incident_history";
    public const string ClaimsEnriched = "claims_enriched";
    public const string ParkingBayDemandHistory = "parking_bay_demand_history";
    public const string WeatherFeatures = "weather_features";
    public const string PublicEventsCalendar = "public_events_calendar";
    public const string Customers = "customers";
    public const string Vehicles = "vehicles";
    public const string Bays = "bays";
    public const string Cities = "cities";

    /// <summary>The instant a row's values are valid as of (UTC).</summary>
    public const string EventTimestamp = "event_ts";

    /// <summary>When the pipeline wrote the row (UTC); later corrections have later values.</summary>
    public const string CreatedTimestamp = "created_ts";
}
