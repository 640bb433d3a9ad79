namespace RiskOps.Api.Demand;

/// <summary>Body of <c>POST /api/v1/predict/demand</c>; <c>prediction_time</c> defaults to now.</summary>
public sealed record DemandRequest(string? ParkingBayId, DateTimeOffset? PredictionTime);
