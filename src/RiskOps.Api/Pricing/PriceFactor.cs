namespace RiskOps.Api.Pricing;

/// <summary>One itemized factor of a price: its multiplier and why.</summary>
public sealed record PriceFactor(string Name, double Multiplier, string Detail);
