namespace RiskOps.Api.Claims;

/// <summary>Body of <c>POST /api/v1/predict/claim/batch</c>: up to 1,000 claims.</summary>
public sealed record ClaimBatchRequest(IReadOnlyList<ClaimRequest?>? Claims);
