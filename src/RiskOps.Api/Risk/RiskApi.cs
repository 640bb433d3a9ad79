using Microsoft.AspNetCore.Http.HttpResults;
using RiskOps.Api.Hosting;

namespace RiskOps.Api.Risk;

/// <summary>Customer risk endpoints.</summary>
internal static class RiskApi
{
    public static RouteGroupBuilder MapRiskApi(this RouteGroupBuilder api)
    {
        api.MapPost("/predict/customer-risk", PredictCustomerRiskAsync)
            .WithName("PredictCustomerRisk")
            .WithSummary("Score a customer's driving risk")
            .WithDescription("Risk score (0–1), band, price multiplier (0.8–1.5), model version, A/B variant, features used and top factors. " +
                "Served from the risk cache when possible; falls back to the offline feature store (degraded = true) if the online store fails.")
            .WithTags("Risk")
            .Accepts<CustomerRiskRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    private static async Task<Results<CustomerRiskResult, ValidationProblem>> PredictCustomerRiskAsync(
        CustomerRiskRequest request, RiskScorer scorer, HttpContext context, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation();
        var customerId = validation.Id("customer_id", request.CustomerId);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        return new CustomerRiskResult(await scorer.ScoreAsync(customerId, context.TraceIdentifier, cancellationToken));
    }
}
