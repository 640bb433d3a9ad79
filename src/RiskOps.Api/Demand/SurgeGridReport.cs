namespace RiskOps.Api.Demand;

/// <summary>What one surge grid run computed.</summary>
/// <param name="Bays">Bays in the grid.</param>
/// <param name="Buckets">Buckets per bay.</param>
/// <param name="HighDemandCells">Cells classed high.</param>
/// <param name="From">First bucket.</param>
/// <param name="To">End of the horizon.</param>
/// <param name="Elapsed">Whole run: forecast, persist, swap.</param>
/// <param name="Forecaster">What forecast it: <c>demand vN</c> (the Production model) or <c>seasonal</c> (the fallback).</param>
/// <param name="ForecastTime">Of <paramref name="Elapsed"/>, the forecast (features read and model scored).</param>
public sealed record SurgeGridReport(int Bays, int Buckets, int HighDemandCells, DateTimeOffset From, DateTimeOffset To, TimeSpan Elapsed,
    string Forecaster = "seasonal", TimeSpan ForecastTime = default);
