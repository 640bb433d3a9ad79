using System.Globalization;
using RiskOps.Api.Adapters;
using RiskOps.Api.Seams;
using RiskOps.Core.Modeling;
using RiskOps.Features.Definitions;
using RiskOps.Features.Online;

namespace RiskOps.Api.Demand;

/// <summary>
/// The surge grid's forecaster: the Production <c>demand</c> model (multi-horizon, trained on the <c>demand</c>
/// feature service) scored for every bay × bucket in batches, with features read from the online store as of
/// now and the request inputs built by <see cref="DemandTargets"/> — the code training used. When no demand
/// model is in Production, it fails to load, or the online store is not the embedded one, the seasonal
/// forecaster (<see cref="GoldData"/>) answers instead; each forecast names its source.
/// </summary>
internal sealed partial class ModelDemandForecaster(
    IModelSource models,
    GoldData seasonal,
    IFeatureSource features,
    TimeProvider time,
    ILogger<ModelDemandForecaster> logger) : IDemandForecaster, IDisposable
{
    /// <summary>The registered model the grid scores: built-in models are named after the feature service they consume.</summary>
    public static string ModelName => BuiltInFeatures.Demand.Name;

    /// <summary>Source name of the fallback forecaster.</summary>
    public const string SeasonalSource = "seasonal";

    private const int PredictBatch = 8_192;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private (ModelVersionInfo Version, IPredictor Predictor)? _loaded;
    private int? _failedVersion;

    /// <summary>Which forecaster the last grid used: <c>demand v3</c> or <see cref="SeasonalSource"/>.</summary>
    public string LastSource { get; private set; } = SeasonalSource;

    public async ValueTask<IReadOnlyList<BayDemandForecast>> ForecastAsync(DateTimeOffset firstBucket, int bucketCount, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var model = await ProductionAsync(cancellationToken);
            if (model is null || features is not FeatureStoreSource store)
            {
                LastSource = SeasonalSource;
                return await seasonal.ForecastAsync(firstBucket, bucketCount, cancellationToken);
            }

            var result = await ScoreAsync(store, model.Value.Version, model.Value.Predictor, firstBucket, bucketCount, cancellationToken);
            LastSource = Source(model.Value.Version);
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The Production demand model, loaded once per version; null when there is none or it cannot load (then the previous one keeps serving).</summary>
    private async Task<(ModelVersionInfo Version, IPredictor Predictor)?> ProductionAsync(CancellationToken cancellationToken)
    {
        ModelVersionInfo? wanted;
        try
        {
            wanted = await models.GetProductionAsync(ModelName, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRegistryFailed(logger, ex);
            return _loaded;
        }

        if (wanted is null)
        {
            return null;
        }

        if (_loaded is { } current && current.Version == wanted)
        {
            return current;
        }

        if (_failedVersion == wanted.Version)
        {
            return _loaded;
        }

        try
        {
            var predictor = models.Load(wanted);
            // A Poisson model's prediction at exposure 1 is the expected count per bucket, like a regression's.
            if (predictor.Manifest.Signature.FeatureService != ModelName
                || predictor.Manifest.Signature.Task is not (ModelTask.Regression or ModelTask.PoissonWithExposure))
            {
                predictor.Dispose();
                throw new InvalidOperationException(
                    $"model {wanted.ModelName} v{wanted.Version} is not a count or regression model on the '{ModelName}' feature service");
            }

            var previous = _loaded;
            _loaded = (wanted, predictor);
            previous?.Predictor.Dispose();
            LogLoaded(logger, wanted.Version);
            return _loaded;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failedVersion = wanted.Version;
            LogLoadFailed(logger, ex, wanted.Version);
            return _loaded;
        }
    }

    private async Task<IReadOnlyList<BayDemandForecast>> ScoreAsync(FeatureStoreSource store, ModelVersionInfo version, IPredictor predictor,
        DateTimeOffset firstBucket, int bucketCount, CancellationToken cancellationToken)
    {
        var bays = await seasonal.GetDemandBaysAsync(cancellationToken);
        var signature = predictor.Manifest.Signature;
        var reader = store.Store.GetOnlineReader(ModelName, signature.FeatureServiceVersion);
        var keyNames = reader.Service.JoinKeys;
        var keys = new string[keyNames.Count];
        var vector = reader.CreateVector();
        var forecastUtc = DemandTargets.FloorToBucket(firstBucket.UtcDateTime);
        var source = Source(version);
        var readFeatures = reader.Features;
        var historyIndexes = readFeatures.Select((f, i) => (f, i))
            .Where(x => x.f.Name is "bay_mean_28d" or "qod_mean_28d" or "slot_mean_4w" or "profile_mean_91d").Select(x => x.i).ToArray();

        var rows = new List<IReadOnlyDictionary<string, object?>>(Math.Min(PredictBatch, bays.Count * bucketCount));
        var cells = new List<(int Bay, int Bucket, double Typical, double Confidence, List<string> Factors)>(rows.Capacity);
        var expected = new double[bays.Count, bucketCount];
        var typicalLevels = new double[bays.Count, bucketCount];
        var confidences = new double[bays.Count, bucketCount];
        var factors = new IReadOnlyList<string>[bays.Count, bucketCount];

        void Flush()
        {
            if (rows.Count == 0)
            {
                return;
            }

            var predictions = predictor.Predict(rows);
            for (var k = 0; k < rows.Count; k++)
            {
                var (b, i, typical, confidence, why) = cells[k];
                // A rate cannot be negative; an L2 regression can dip below zero where demand is near nil.
                expected[b, i] = Math.Max(0, predictions[k].Value);
                typicalLevels[b, i] = typical;
                confidences[b, i] = confidence;
                factors[b, i] = why;
            }

            rows.Clear();
            cells.Clear();
        }

        for (var b = 0; b < bays.Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (_, bay) = bays[b];
            for (var i = 0; i < bucketCount; i++)
            {
                var target = forecastUtc + (DemandTargets.Bucket * i);
                for (var k = 0; k < keyNames.Count; k++)
                {
                    keys[k] = DemandTargets.Key(keyNames[k], bay, target);
                }

                reader.Read(keys, vector);
                var row = new Dictionary<string, object?>(signature.Inputs.Count, StringComparer.Ordinal);
                for (var f = 0; f < readFeatures.Count; f++)
                {
                    row[readFeatures[f].Name] = vector.Value(f) ?? (readFeatures[f].Kind == FeatureKind.Numeric ? DemandTargets.AbsentValue(readFeatures[f].Name) : null);
                }

                var request = DemandTargets.RequestValues(bay, forecastUtc, target);
                for (var f = 0; f < request.Length; f++)
                {
                    row[DemandTargets.RequestFeatures[f]] = request[f];
                }

                var typical = Number(row, "bay_mean_28d");
                var present = historyIndexes.Count(h => vector.Status[h] == FeatureStatus.Present);
                var confidence = historyIndexes.Length == 0 ? 0 : (double)present / historyIndexes.Length;
                rows.Add(row);
                cells.Add((b, i, typical, confidence, Explain(row, typical)));
                if (rows.Count == PredictBatch)
                {
                    Flush();
                }
            }
        }

        Flush();
        var result = new List<BayDemandForecast>(bays.Count);
        for (var b = 0; b < bays.Count; b++)
        {
            var buckets = new List<BucketDemand>(bucketCount);
            for (var i = 0; i < bucketCount; i++)
            {
                buckets.Add(new BucketDemand(firstBucket + (DemandTargets.Bucket * i), expected[b, i],
                    double.IsFinite(typicalLevels[b, i]) ? typicalLevels[b, i] : 0, confidences[b, i], factors[b, i]));
            }

            result.Add(new BayDemandForecast(bays[b].Info, buckets, source));
        }

        LogScored(logger, bays.Count * bucketCount, version.Version, time.GetUtcNow() - firstBucket);
        return result;
    }

    /// <summary>Human-readable drivers, read off the model's inputs for the cell.</summary>
    private static List<string> Explain(Dictionary<string, object?> row, double typical)
    {
        var factors = new List<string>();
        if (Number(row, "target_events") > 0)
        {
            var attendance = Number(row, "target_event_attendance");
            var distance = Number(row, "target_event_distance_km");
            var toStart = Number(row, "target_event_hours_to_start");
            var afterEnd = Number(row, "target_event_hours_after_end");
            var when = toStart > 0 ? $"starting in {toStart:0.#} h" : afterEnd > 0 ? $"ended {afterEnd:0.#} h before" : "in progress";
            factors.Add(string.Create(CultureInfo.InvariantCulture, $"public event {distance:0.0} km away with {attendance:N0} attendance, {when}"));
        }

        if (Number(row, "target_transit_disruption") > 0)
        {
            factors.Add("transit disruption nearby");
        }

        var hour = Number(row, "target_hour_local");
        var weekend = Number(row, "target_is_weekend") > 0;
        if (Number(row, "target_is_holiday") > 0)
        {
            factors.Add("public holiday");
        }
        else if (!weekend && hour is (>= 7 and < 10) or (>= 17 and < 20))
        {
            factors.Add(string.Create(CultureInfo.InvariantCulture, $"rush hour ({(int)hour:00}:{(int)Math.Round((hour % 1) * 60):00} local)"));
        }

        var usual = Number(row, "qod_mean_28d");
        if (typical > 0 && usual > 1.25 * typical)
        {
            factors.Add(string.Create(CultureInfo.InvariantCulture, $"usually busy at this time ({usual:0.00} bookings vs {typical:0.00} on average)"));
        }

        if (Number(row, "is_raining") > 0)
        {
            factors.Add(string.Create(CultureInfo.InvariantCulture, $"rain now ({Number(row, "rain_mm"):0.#} mm/h)"));
        }

        return factors;
    }

    private static double Number(Dictionary<string, object?> row, string name) =>
        row.TryGetValue(name, out var value) && value is double d ? d : double.NaN;

    private static string Source(ModelVersionInfo version) => string.Create(CultureInfo.InvariantCulture, $"{version.ModelName} v{version.Version}");

    public void Dispose()
    {
        _loaded?.Predictor.Dispose();
        _loaded = null;
        _lock.Dispose();
    }

    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "Surge grid now forecast by demand model version {Version}")]
    private static partial void LogLoaded(ILogger logger, int version);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Error, Message = "Demand model version {Version} failed to load; the surge grid keeps its previous forecaster")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, int version);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "The model registry did not answer; the surge grid keeps its previous forecaster")]
    private static partial void LogRegistryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Debug, Message = "Scored {Cells} surge grid cells with demand model version {Version} ({Elapsed} after the first bucket)")]
    private static partial void LogScored(ILogger logger, int cells, int version, TimeSpan elapsed);
}
