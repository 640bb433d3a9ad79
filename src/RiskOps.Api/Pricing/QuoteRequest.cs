namespace RiskOps.Api.Pricing;

/// <summary>Body of <c>POST /api/v1/price/quote</c>: give <c>vehicle_id</c> or <c>vehicle_type</c>.</summary>
public sealed record QuoteRequest(string? CustomerId, string? VehicleId, string? VehicleType, string? ParkingBayId, DateTimeOffset? Start, DateTimeOffset? End);
