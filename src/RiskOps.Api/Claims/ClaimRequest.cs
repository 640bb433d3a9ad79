namespace RiskOps.Api.Claims;

/// <summary>A claim to triage (the fields of the raw <c>claims</c> source).</summary>
public sealed record ClaimRequest(
    string? ClaimId,
    string? CustomerId,
    string? ClaimType,
    double? AmountEur,
    int? PolicyTenureMonths,
    int? PriorClaims,
    DateTimeOffset? IncidentAt,
    DateTimeOffset? ReportedAt,
    string? Description,
    string? VehicleId = null,
    string? TripId = null);
