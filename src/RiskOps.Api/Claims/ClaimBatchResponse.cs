namespace RiskOps.Api.Claims;

/// <summary>Triage of a batch, in request order.</summary>
public sealed record ClaimBatchResponse(IReadOnlyList<ClaimResponse> Results, int Count, double ProcessingTimeMs);
