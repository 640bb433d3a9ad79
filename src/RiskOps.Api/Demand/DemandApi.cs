using Microsoft.AspNetCore.Http.HttpResults;
using RiskOps.Api.Hosting;

namespace RiskOps.Api.Demand;

/// <summary>Demand endpoint: a lookup in the precomputed surge grid.</summary>
internal static class DemandApi
{
    public static RouteGroupBuilder MapDemandApi(this RouteGroupBuilder api)
    {
        api.MapPost("/predict/demand", PredictDemand)
            .WithName("PredictDemand")
            .WithSummary("Demand level and surge of a parking bay")
            .WithDescription("Looks the bay and the 15-minute bucket of prediction_time (default now, within the next 24 h) up in the surge grid: " +
                "demand level, surge factor (1.0–3.0), price adjustment (−20% to +20%), confidence, contributing factors and cheaper bays nearby.")
            .WithTags("Demand")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    private static Results<Ok<DemandResponse>, ValidationProblem> PredictDemand(DemandRequest request, DemandService demand, TimeProvider time)
    {
        var validation = new RequestValidation();
        var bayId = validation.Id("parking_bay_id", request.ParkingBayId);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var grid = demand.Grid;
        var at = request.PredictionTime ?? time.GetUtcNow();
        var (bay, cell) = demand.Lookup(grid, bayId, at);
        if (cell is null)
        {
            validation.Add("prediction_time", $"'prediction_time' must be within the surge grid horizon [{grid.FirstBucket:O}, {grid.End:O}).");
            return TypedResults.ValidationProblem(validation.Errors);
        }

        return TypedResults.Ok(demand.Describe(grid, bay, cell, grid.IndexOf(at)));
    }
}
