namespace RiskOps.Api.Seams;

/// <summary>Forecast of one bay in one bucket.</summary>
/// <param name="BucketStart">Start of the 15-minute bucket (UTC).</param>
/// <param name="ExpectedBookings">Expected bookings starting in the bucket.</param>
/// <param name="BaselineBookings">The bay's ordinary level for comparison (its mean per bucket).</param>
/// <param name="Confidence">0–1, how much history backs the forecast.</param>
/// <param name="Factors">Human-readable drivers (an event nearby, rush hour).</param>
public sealed record BucketDemand(DateTimeOffset BucketStart, double ExpectedBookings, double BaselineBookings, double Confidence, IReadOnlyList<string> Factors);
