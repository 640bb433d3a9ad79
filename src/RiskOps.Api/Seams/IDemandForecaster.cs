namespace RiskOps.Api.Seams;

/// <summary>Forecasts bookings per bay per 15-minute bucket; the surge grid job turns the forecast into surge factors.</summary>
public interface IDemandForecaster
{
    /// <summary>Expected bookings for every bay and each of <paramref name="bucketCount"/> buckets from <paramref name="firstBucket"/> (UTC, on a 15-minute boundary).</summary>
    ValueTask<IReadOnlyList<BayDemandForecast>> ForecastAsync(DateTimeOffset firstBucket, int bucketCount, CancellationToken cancellationToken);
}
