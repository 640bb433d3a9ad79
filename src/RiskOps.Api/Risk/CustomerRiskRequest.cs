using System.ComponentModel;

namespace RiskOps.Api.Risk;

/// <summary>Body of <c>POST /api/v1/predict/customer-risk</c>.</summary>
public sealed record CustomerRiskRequest([property: Description("Customer id, e.g. C000123.")] string? CustomerId);
