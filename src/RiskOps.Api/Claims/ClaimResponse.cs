using RiskOps.Api.Risk;

namespace RiskOps.Api.Claims;

/// <summary>A claim's triage: low risk → auto-approve, high risk → manual review.</summary>
public sealed record ClaimResponse(
    string ClaimId,
    string RiskLevel,
    string Decision,
    double Score,
    double Confidence,
    IReadOnlyList<Factor> RiskFactors,
    ModelRef Model,
    string Variant,
    double ProcessingTimeMs);
