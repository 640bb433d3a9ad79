using RiskOps.Api.Risk;

namespace RiskOps.Api.Pricing;

/// <summary>A logged pricing decision: price per minute = base × risk × demand × vehicle, every factor itemized.</summary>
public sealed record QuoteResponse(
    string QuoteId,
    string CustomerId,
    string ParkingBayId,
    string VehicleType,
    DateTimeOffset Start,
    DateTimeOffset End,
    double BasePricePerMinute,
    double PricePerMinute,
    double EstimatedTotal,
    string Currency,
    IReadOnlyList<PriceFactor> Factors,
    ModelRef RiskModel,
    string Variant,
    bool Degraded,
    DateTimeOffset QuotedAt);
