using System.Diagnostics;
using RiskOps.Api.Seams;

namespace RiskOps.Api.Demand;

/// <summary>
/// Recomputes the surge grid (every bay × every 15-minute bucket of the next 24 hours) from the demand
/// forecaster (the Production demand model, or the seasonal fallback), persists it and swaps it in. Safe to re-run: each run replaces the whole grid.
/// </summary>
public sealed class SurgeGridJob
{
    /// <summary>Buckets in the 24-hour horizon.</summary>
    public const int HorizonBuckets = 96;

    private readonly IDemandForecaster _forecaster;
    private readonly SurgeGridStore _store;
    private readonly SurgeGridHolder _holder;
    private readonly TimeProvider _time;

    internal SurgeGridJob(IDemandForecaster forecaster, SurgeGridStore store, SurgeGridHolder holder, TimeProvider time)
    {
        _forecaster = forecaster;
        _store = store;
        _holder = holder;
        _time = time;
    }

    /// <summary>Computes, persists and publishes the grid; returns what was computed.</summary>
    public async Task<SurgeGridReport> RunAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = _time.GetUtcNow();
        var first = SurgeGrid.FloorToBucket(now);
        progress?.Report($"forecasting demand for {HorizonBuckets} buckets from {first:yyyy-MM-dd HH:mm}Z");
        var forecast = await _forecaster.ForecastAsync(first, HorizonBuckets, cancellationToken);
        var forecastTime = Stopwatch.GetElapsedTime(started);
        var grid = SurgeGrid.From(now, first, HorizonBuckets, forecast);
        progress?.Report($"saving {grid.Bays.Count} bays × {HorizonBuckets} buckets forecast by {grid.Forecaster}");
        await _store.SaveAsync(grid, cancellationToken);
        _store.MarkOwnWrite();
        _holder.Set(grid);
        var high = grid.Bays.Values.Sum(b => b.Cells.Count(c => c.DemandLevel == "high"));
        return new SurgeGridReport(grid.Bays.Count, HorizonBuckets, high, first, grid.End, Stopwatch.GetElapsedTime(started), grid.Forecaster, forecastTime);
    }
}
