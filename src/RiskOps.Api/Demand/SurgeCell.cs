namespace RiskOps.Api.Demand;

/// <summary>One bay in one 15-minute bucket of the surge grid.</summary>
internal sealed record SurgeCell(
    DateTimeOffset BucketStart,
    double ExpectedBookings,
    double BaselineBookings,
    string DemandLevel,
    double SurgeFactor,
    double PriceAdjustment,
    double Confidence,
    IReadOnlyList<string> Factors);
