using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RiskOps.Api.Demand;
using RiskOps.Api.Errors;
using RiskOps.Api.Hosting;
using RiskOps.Api.Risk;
using RiskOps.Api.Seams;

namespace RiskOps.Api.Pricing;

/// <summary>Price quote and outcome endpoints.</summary>
internal static class PricingApi
{
    private static readonly TimeSpan s_pastTolerance = TimeSpan.FromMinutes(15);

    public static RouteGroupBuilder MapPricingApi(this RouteGroupBuilder api)
    {
        api.MapPost("/price/quote", QuoteAsync)
            .WithName("PriceQuote")
            .WithSummary("Price a booking per minute")
            .WithDescription("Price per minute = base × risk multiplier × demand adjustment × vehicle-type factor, every factor itemized. " +
                "The quote is stored as a pricing decision with an id; report its outcome with POST /price/outcome.")
            .WithTags("Pricing")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/price/outcome", OutcomeAsync)
            .WithName("PriceOutcome")
            .WithSummary("Record whether a quote was booked")
            .WithDescription("Recorded once per quote; repeating the same outcome is accepted, a different one is a 409.")
            .WithTags("Pricing")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    private static async Task<Results<Ok<QuoteResponse>, ValidationProblem>> QuoteAsync(
        QuoteRequest request, RiskScorer risk, DemandService demand, IReferenceData reference, PricingStore store,
        IOptions<ServingOptions> options, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var pricing = options.Value.Pricing;
        var now = time.GetUtcNow();
        var v = new RequestValidation();
        var customerId = v.Id("customer_id", request.CustomerId);
        var bayId = v.Id("parking_bay_id", request.ParkingBayId);
        if (request.VehicleId is null && request.VehicleType is null)
        {
            v.Add("vehicle_id", "Give 'vehicle_id' or 'vehicle_type'.");
        }
        else if (request.VehicleId is not null)
        {
            v.Id("vehicle_id", request.VehicleId);
        }
        else if (!pricing.VehicleTypeFactors.ContainsKey(request.VehicleType!))
        {
            v.Add("vehicle_type", $"'vehicle_type' must be one of {string.Join(", ", pricing.VehicleTypeFactors.Keys)}.");
        }

        var start = v.Required("start", request.Start);
        var end = v.Required("end", request.End);
        if (request.Start is not null && (start < now - s_pastTolerance || start > now.AddDays(365)))
        {
            v.Add("start", "'start' must be between now and one year ahead.");
        }

        if (request.Start is not null && request.End is not null && (end <= start || end - start > pricing.MaxBookingDuration))
        {
            v.Add("end", $"'end' must be after 'start' and at most {pricing.MaxBookingDuration.TotalDays:0.#} days later.");
        }

        if (!v.IsValid)
        {
            return TypedResults.ValidationProblem(v.Errors);
        }

        var vehicleType = request.VehicleType;
        var premium = false;
        if (request.VehicleId is not null)
        {
            var vehicle = await reference.GetVehicleAsync(request.VehicleId, cancellationToken)
                ?? throw new ServingException(StatusCodes.Status404NotFound, "Unknown vehicle", $"No vehicle '{request.VehicleId}'.");
            vehicleType = vehicle.VehicleType;
            premium = vehicle.Premium;
        }

        var factors = new List<PriceFactor>(4);
        var customer = await risk.ScoreAsync(customerId, context.TraceIdentifier, cancellationToken);
        var riskModel = customer.Model;
        factors.Add(new PriceFactor("risk", customer.Multiplier, $"risk score {customer.Score:0.000} ({customer.Band}), model {riskModel.Name} v{riskModel.Version}"));

        var degraded = customer.Degraded;
        var grid = demand.Grid;
        var (_, cell) = demand.Lookup(grid, bayId, start);
        if (cell is null)
        {
            factors.Add(new PriceFactor("demand", 1.0, "start is beyond the 24 h surge horizon: neutral demand"));
        }
        else
        {
            var detail = $"{cell.DemandLevel} demand (surge {cell.SurgeFactor:0.00}, {cell.PriceAdjustment:+0%;-0%;0%})";
            if (cell.Factors.Count > 0)
            {
                detail += ": " + string.Join("; ", cell.Factors);
            }

            if (demand.IsStale)
            {
                detail += " [surge grid stale]";
                degraded = true;
            }

            factors.Add(new PriceFactor("demand", 1 + cell.PriceAdjustment, detail));
        }

        var typeFactor = pricing.VehicleTypeFactors.TryGetValue(vehicleType!, out var f) ? f : 1.0;
        factors.Add(new PriceFactor("vehicle_type", typeFactor, vehicleType!));
        if (premium)
        {
            factors.Add(new PriceFactor("premium", pricing.PremiumFactor, "premium vehicle"));
        }

        var price = pricing.BasePricePerMinute;
        foreach (var factor in factors)
        {
            price *= factor.Multiplier;
        }

        price = Math.Round(price, 4);
        var minutes = (end - start).TotalMinutes;
        var quote = new QuoteResponse("Q" + Guid.CreateVersion7(now).ToString("N"), customerId, bayId, vehicleType!, start, end,
            pricing.BasePricePerMinute, price, Math.Round(price * minutes, 2), "EUR", factors, riskModel, customer.Entry.Variant, degraded, now);
        await store.SaveQuoteAsync(quote, request.VehicleId, JsonSerializer.Serialize(factors), cancellationToken);
        return TypedResults.Ok(quote);
    }

    private static async Task<Results<Ok<OutcomeResponse>, ValidationProblem, ProblemHttpResult>> OutcomeAsync(
        OutcomeRequest request, PricingStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var v = new RequestValidation();
        var quoteId = v.Id("quote_id", request.QuoteId);
        var booked = v.Required("booked", request.Booked);
        if (!v.IsValid)
        {
            return TypedResults.ValidationProblem(v.Errors);
        }

        var stored = await store.RecordOutcomeAsync(quoteId, booked, time.GetUtcNow(), cancellationToken);
        if (stored is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown quote", detail: $"No quote '{quoteId}'.");
        }

        if (stored.Value.Booked != booked)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Outcome already recorded",
                detail: $"Quote '{quoteId}' already has outcome booked={stored.Value.Booked.ToString().ToLowerInvariant()}.");
        }

        return TypedResults.Ok(new OutcomeResponse(quoteId, booked, stored.Value.RecordedAt));
    }
}
