using System.Globalization;
using RiskOps.Core.Calendar;

namespace RiskOps.Features.Definitions;

/// <summary>
/// The request side of the multi-horizon demand model: for a bay, a forecast time t (on a bucket boundary)
/// and a target bucket b in [t, t + 24 h), the keys that the <see cref="DemandViews"/> are read with and the
/// inputs computed from the request itself (horizon, calendar of b, the bay's static attributes). Training
/// and serving both build their rows here, so the two cannot compute them differently.
/// </summary>
public static class DemandTargets
{
    /// <summary>Length of a bucket.</summary>
    public static readonly TimeSpan Bucket = TimeSpan.FromMinutes(15);

    /// <summary>Buckets in the 24-hour horizon.</summary>
    public const int HorizonBuckets = 96;

    /// <summary>Points of interest a bay may have (docs/data-contract.md, <c>bays.poi</c>).</summary>
    public static readonly IReadOnlyList<string> Pois = ["station", "stadium", "mall", "office", "university", "nightlife", "residential"];

    /// <summary>Inputs computed from the request, in model order (all numeric).</summary>
    public static readonly IReadOnlyList<string> RequestFeatures =
    [
        "horizon_buckets", "target_hour_local", "target_dow_local", "target_is_weekend", "target_is_holiday", "bay_capacity",
        .. Pois.Select(p => "poi_" + p),
    ];

    /// <summary>
    /// What the <see cref="DemandViews.BayEventsAhead"/> features read when the view has no row for the key: no
    /// announced event near the bay around the target bucket, which is a fact, not a missing value. Without
    /// these, learners fill a missing value with the median over rows that have one — a typical event — and cannot
    /// tell an event bucket from an ordinary one. The main event's distance and timing read as far away and long
    /// past. Training and serving both apply them (<see cref="AbsentValue"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, double> AbsentEventValues { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["target_events"] = 0,
        ["target_event_attendance_weighted"] = 0,
        ["target_event_attendance"] = 0,
        ["target_event_distance_km"] = 10,
        ["target_event_hours_to_start"] = -24,
        ["target_event_hours_after_end"] = 24,
        ["target_transit_disruption"] = 0,
        ["target_event_timing"] = 0,
        ["target_event_pressure"] = 0,
        ["target_event_log_pressure"] = 0,
    };

    /// <summary>The value a demand feature takes when its view has no row: <see cref="AbsentEventValues"/>, else NaN (missing).</summary>
    public static double AbsentValue(string feature) => AbsentEventValues.TryGetValue(feature, out var value) ? value : double.NaN;

    /// <summary>Ratio of expected to typical demand under which a bucket is <c>low</c>.</summary>
    public const double LowBelow = 0.8;

    /// <summary>Ratio of expected to typical demand above which a bucket is <c>high</c>.</summary>
    public const double HighAbove = 1.25;

    /// <summary>Floor on the typical level, so an almost idle bay does not produce huge ratios from one booking.</summary>
    public const double MinTypical = 0.05;

    /// <summary>The surge classes, in order.</summary>
    public static readonly IReadOnlyList<string> SurgeClasses = ["low", "medium", "high"];

    /// <summary>Key of <see cref="DemandViews.BayDemandSlot"/>: the bay and the bucket of the (UTC) week.</summary>
    public static string SlotKey(string bayId, DateTime targetUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{bayId}|s{(IsoDay(targetUtc.DayOfWeek) * 96) + QuarterOfDay(targetUtc)}");

    /// <summary>Key of <see cref="DemandViews.BayDemandQuarter"/>: the bay and the (UTC) quarter-hour of the day.</summary>
    public static string QuarterKey(string bayId, DateTime targetUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{bayId}|q{QuarterOfDay(targetUtc)}");

    /// <summary>Key of <see cref="DemandViews.BayDemandProfile"/>: the bay, the (UTC) day type — <c>w</c> workday, <c>o</c> weekend or holiday — and quarter-hour.</summary>
    public static string ProfileKey(string bayId, DateTime targetUtc) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{bayId}|{(targetUtc.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || EuropeanHolidays.IsHoliday(DateOnly.FromDateTime(targetUtc)) ? 'o' : 'w')}|q{QuarterOfDay(targetUtc)}");

    /// <summary>Key of <see cref="DemandViews.BayDemandWeekdayProfile"/>: the bay, the (UTC) ISO weekday and quarter-hour.</summary>
    public static string WeekdayProfileKey(string bayId, DateTime targetUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{bayId}|d{IsoDay(targetUtc.DayOfWeek)}|q{QuarterOfDay(targetUtc)}");

    /// <summary>
    /// Key of <see cref="DemandViews.BayDemandExpected"/>: the bay, the day type of the target's local date — <c>w</c>
    /// Monday–Thursday, <c>f</c> Friday, <c>s</c> Saturday, <c>o</c> Sunday or holiday — and its local quarter-hour.
    /// </summary>
    public static string ExpectedKey(DemandBay bay, DateTime targetUtc)
    {
        ArgumentNullException.ThrowIfNull(bay);
        var local = targetUtc.AddMinutes(bay.UtcOffsetMinutes);
        var dayType = local.DayOfWeek switch
        {
            DayOfWeek.Saturday => 's',
            DayOfWeek.Sunday => 'o',
            _ when EuropeanHolidays.IsHoliday(DateOnly.FromDateTime(local)) => 'o',
            DayOfWeek.Friday => 'f',
            _ => 'w',
        };
        return string.Create(CultureInfo.InvariantCulture, $"{bay.BayId}|{dayType}|q{QuarterOfDay(local)}");
    }

    /// <summary>The key of each demand join key column for a bay and target bucket (serving and training read with these).</summary>
    public static string Key(string keyColumn, DemandBay bay, DateTime targetUtc)
    {
        ArgumentNullException.ThrowIfNull(bay);
        return keyColumn == "bay_expected" ? ExpectedKey(bay, targetUtc) : Key(keyColumn, bay.BayId, targetUtc);
    }

    /// <summary>
    /// The key of each demand join key column that needs only the bay id (every one but <c>bay_expected</c>, which
    /// needs the bay's UTC offset: use the <see cref="DemandBay"/> overload).
    /// </summary>
    public static string Key(string keyColumn, string bayId, DateTime targetUtc) => keyColumn switch
    {
        "parking_bay_id" => bayId,
        "bay_slot" => SlotKey(bayId, targetUtc),
        "bay_qod" => QuarterKey(bayId, targetUtc),
        "bay_profile" => ProfileKey(bayId, targetUtc),
        "bay_dow_profile" => WeekdayProfileKey(bayId, targetUtc),
        "bay_bucket" => BucketKey(bayId, targetUtc),
        "bay_expected" => throw new ArgumentException("the bay_expected key needs the bay's UTC offset: call Key(keyColumn, DemandBay, target)", nameof(keyColumn)),
        _ => throw new ArgumentOutOfRangeException(nameof(keyColumn), keyColumn, "not a demand key"),
    };

    /// <summary>Key of <see cref="DemandViews.BayEventsAhead"/>: the bay and the target bucket.</summary>
    public static string BucketKey(string bayId, DateTime targetUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{bayId}|{targetUtc:yyyy-MM-dd'T'HH:mm}");

    /// <summary>
    /// The request inputs of <see cref="RequestFeatures"/>, in that order. <paramref name="forecastUtc"/> and
    /// <paramref name="targetUtc"/> are bucket starts with target ≥ forecast; calendar fields are in the bay's local time.
    /// </summary>
    public static double[] RequestValues(DemandBay bay, DateTime forecastUtc, DateTime targetUtc)
    {
        ArgumentNullException.ThrowIfNull(bay);
        var local = targetUtc.AddMinutes(bay.UtcOffsetMinutes);
        var values = new double[RequestFeatures.Count];
        values[0] = Math.Round((targetUtc - forecastUtc) / Bucket);
        values[1] = local.Hour + (local.Minute / 60.0);
        values[2] = IsoDay(local.DayOfWeek);
        values[3] = local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1 : 0;
        values[4] = EuropeanHolidays.IsHoliday(DateOnly.FromDateTime(local)) ? 1 : 0;
        values[5] = bay.Capacity;
        for (var p = 0; p < Pois.Count; p++)
        {
            values[6 + p] = bay.Pois.Contains(Pois[p]) ? 1 : 0;
        }

        return values;
    }

    /// <summary>
    /// low / medium / high from expected demand relative to the bay's typical level (<c>bay_mean_28d</c>):
    /// ratio below <see cref="LowBelow"/> is low, above <see cref="HighAbove"/> high.
    /// </summary>
    public static int SurgeClass(double expected, double typical) => Ratio(expected, typical) switch
    {
        < LowBelow => 0,
        > HighAbove => 2,
        _ => 1,
    };

    /// <summary>Expected over typical demand, typical floored at <see cref="MinTypical"/>; non-finite inputs count as 0.</summary>
    public static double Ratio(double expected, double typical) =>
        Math.Max(0, double.IsFinite(expected) ? expected : 0) / Math.Max(MinTypical, double.IsFinite(typical) ? typical : 0);

    /// <summary>The start of the bucket holding <paramref name="at"/> (UTC).</summary>
    public static DateTime FloorToBucket(DateTime at)
    {
        var utc = at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : at;
        return new DateTime(utc.Ticks - (utc.Ticks % Bucket.Ticks), DateTimeKind.Utc);
    }

    private static int QuarterOfDay(DateTime utc) => (utc.Hour * 4) + (utc.Minute / 15);

    private static int IsoDay(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;
}
