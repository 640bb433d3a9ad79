namespace RiskOps.Api.Pricing;

/// <summary>A recorded pricing outcome.</summary>
public sealed record OutcomeResponse(string QuoteId, bool Booked, DateTimeOffset RecordedAt);
