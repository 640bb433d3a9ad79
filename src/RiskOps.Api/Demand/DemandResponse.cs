namespace RiskOps.Api.Demand;

/// <summary>Demand and surge of a bay in the bucket holding <c>prediction_time</c>.</summary>
public sealed record DemandResponse(
    string ParkingBayId,
    DateTimeOffset BucketStart,
    string DemandLevel,
    double ExpectedBookings,
    double SurgeFactor,
    double PriceAdjustment,
    double Confidence,
    IReadOnlyList<string> ContributingFactors,
    IReadOnlyList<AlternativeBay> AlternativeBays,
    DateTimeOffset GridComputedAt,
    bool GridStale,
    string Forecaster = "seasonal");
