namespace RiskOps.Api.Pricing;

/// <summary>Body of <c>POST /api/v1/price/outcome</c>: whether a quote converted into a booking.</summary>
public sealed record OutcomeRequest(string? QuoteId, bool? Booked);
