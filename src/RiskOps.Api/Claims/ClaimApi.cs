using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RiskOps.Api.Hosting;

namespace RiskOps.Api.Claims;

/// <summary>Claims triage endpoints: single and batch.</summary>
internal static class ClaimApi
{
    private static readonly DateTimeOffset s_earliest = new(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static RouteGroupBuilder MapClaimApi(this RouteGroupBuilder api)
    {
        api.MapPost("/predict/claim", PredictClaim)
            .WithName("PredictClaim")
            .WithSummary("Triage one claim")
            .WithDescription("Low risk → auto-approve, high risk → manual review; with score, confidence, the factors that drove it and the model version.")
            .WithTags("Claims")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/predict/claim/batch", PredictClaimBatch)
            .WithName("PredictClaimBatch")
            .WithSummary("Triage up to 1,000 claims in one call")
            .WithDescription("Scored in one batched inference call; results in request order. More than the limit → 413.")
            .WithTags("Claims")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(8 * 1024 * 1024))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    private static Results<Ok<ClaimResponse>, ValidationProblem> PredictClaim(ClaimRequest claim, ClaimScorer scorer, TimeProvider time, HttpContext context)
    {
        var validation = new RequestValidation();
        Validate(validation, "", claim, time.GetUtcNow());
        return validation.IsValid
            ? TypedResults.Ok(scorer.Score([claim], context.TraceIdentifier)[0])
            : TypedResults.ValidationProblem(validation.Errors);
    }

    private static Results<Ok<ClaimBatchResponse>, ValidationProblem, ProblemHttpResult> PredictClaimBatch(
        ClaimBatchRequest batch, ClaimScorer scorer, IOptions<ServingOptions> options, TimeProvider time, HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var validation = new RequestValidation();
        if (batch.Claims is null)
        {
            validation.Add("claims", "'claims' is required.");
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var limit = options.Value.ClaimBatchLimit;
        if (batch.Claims.Count > limit)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large",
                detail: $"'claims' holds {batch.Claims.Count} claims; at most {limit} per call.");
        }

        if (batch.Claims.Count == 0)
        {
            validation.Add("claims", "'claims' must hold at least one claim.");
        }

        var now = time.GetUtcNow();
        var claims = new List<ClaimRequest>(batch.Claims.Count);
        for (var i = 0; i < batch.Claims.Count; i++)
        {
            var claim = batch.Claims[i];
            if (claim is null)
            {
                validation.Add($"claims[{i}]", $"'claims[{i}]' must be an object.");
                continue;
            }

            Validate(validation, $"claims[{i}].", claim, now);
            claims.Add(claim);
        }

        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var results = scorer.Score(claims, context.TraceIdentifier);
        return TypedResults.Ok(new ClaimBatchResponse(results, results.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }

    internal static void Validate(RequestValidation v, string prefix, ClaimRequest claim, DateTimeOffset now)
    {
        v.Id(prefix + "claim_id", claim.ClaimId);
        v.Id(prefix + "customer_id", claim.CustomerId);
        if (claim.ClaimType is null)
        {
            v.Add(prefix + "claim_type", $"'{prefix}claim_type' is required.");
        }
        else if (!ClaimFeatures.ClaimTypes.Contains(claim.ClaimType, StringComparer.Ordinal))
        {
            v.Add(prefix + "claim_type", $"'{prefix}claim_type' must be one of {string.Join(", ", ClaimFeatures.ClaimTypes)}.");
        }

        v.Number(prefix + "amount_eur", claim.AmountEur, 0, 10_000_000);
        v.Number(prefix + "policy_tenure_months", claim.PolicyTenureMonths, 0, 1200);
        v.Number(prefix + "prior_claims", claim.PriorClaims, 0, 1000);
        var incident = v.Required(prefix + "incident_at", claim.IncidentAt);
        var reported = v.Required(prefix + "reported_at", claim.ReportedAt);
        if (claim.IncidentAt is not null && (incident < s_earliest || incident > now.AddDays(1)))
        {
            v.Add(prefix + "incident_at", $"'{prefix}incident_at' must be between 1990 and now.");
        }

        if (claim.IncidentAt is not null && claim.ReportedAt is not null && reported < incident)
        {
            v.Add(prefix + "reported_at", $"'{prefix}reported_at' must not be before incident_at.");
        }
        else if (claim.ReportedAt is not null && reported > now.AddDays(1))
        {
            v.Add(prefix + "reported_at", $"'{prefix}reported_at' must not be in the future.");
        }

        if (claim.Description is { Length: > 20_000 })
        {
            v.Add(prefix + "description", $"'{prefix}description' must be at most 20,000 characters.");
        }

        if (claim.VehicleId is not null)
        {
            v.Id(prefix + "vehicle_id", claim.VehicleId);
        }

        if (claim.TripId is not null)
        {
            v.Id(prefix + "trip_id", claim.TripId);
        }
    }
}
