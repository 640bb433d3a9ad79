using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Features.Definitions;
using RiskOps.Features.Synthetic;
using RiskOps.Training.Data;
using RiskOps.Training.Modeling;
using RiskOps.Training.World;

namespace RiskOps.Training.Tests;

public sealed class BuiltInWorldTests
{
    [Fact]
    public async Task BuildAsync_CraiLabelsMatchABruteForceRecount()
    {
        using var temp = new TempDirectory();
        var layout = DataLayout.Open(temp.Path);
        var ct = TestContext.Current.CancellationToken;
        await SyntheticGold.WriteAsync(layout, customers: 240, days: 180, bays: 3, ct);

        var built = await BuiltInWorld.BuildAsync(layout, BuiltInModel.Crai, ct);

        var data = built.Dataset.Data;
        Assert.Equal("crai", built.FeatureService);
        Assert.True(data.RowCount > 120, $"rows {data.RowCount}");
        Assert.Equal(built.Dataset.SourceRows, data.RowCount + built.Dataset.Quarantined.Count);
        Assert.Contains(data.Features, f => f.Name.StartsWith("log_km_", StringComparison.Ordinal));
        Assert.Null(data.Oracle);

        // Independent recount in C#: claims read once, incident = reported − delay, window (t, t + 30 days].
        var incidents = new List<(string Customer, DateTime At)>();
        await using (var connection = new DuckDBConnection("Data Source=:memory:"))
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SET TimeZone='UTC'; SELECT customer_id, epoch_us(event_ts), report_delay_hours FROM read_parquet('{layout.GoldTableGlob("claims_enriched")}')";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var reported = DateTime.UnixEpoch.AddTicks(reader.GetInt64(1) * 10);
                incidents.Add((reader.GetString(0), reported - TimeSpan.FromHours(reader.IsDBNull(2) ? 0 : reader.GetDouble(2))));
            }
        }
        var byCustomer = incidents.ToLookup(i => i.Customer, i => i.At);
        for (var i = 0; i < data.RowCount; i++)
        {
            var parts = data.Ids![i]!.Split('@');
            var t = new DateTime(data.Time![i], DateTimeKind.Utc);
            var expected = byCustomer[parts[0]].Any(at => at > t && at <= t.AddDays(30)) ? 1.0 : 0.0;
            Assert.Equal(expected, data.Target[i]);
        }
        Assert.Contains(1.0, data.Target);
    }

    [Fact]
    public async Task BuildAsync_CraiOracleIsTheExAnteClaimHazardWithTheRealizedBeside()
    {
        using var temp = new TempDirectory();
        var layout = DataLayout.Open(temp.Path);
        var ct = TestContext.Current.CancellationToken;
        await SyntheticGold.WriteAsync(layout, customers: 40, days: 180, bays: 3, ct);

        // Hand-made ground truth: constant daily probabilities per customer, so each window is 1 − (1 − q)^30.
        Directory.CreateDirectory(layout.GroundTruthDir);
        var ids = await CustomerIdsAsync(layout, ct);
        var expected = new System.Text.StringBuilder("customer_id,day,hazard,claim_hazard\n");
        var realized = new System.Text.StringBuilder("customer_id,day,hazard\n");
        for (var d = -5; d < 200; d++)
        {
            var day = DateOnly.FromDateTime(SyntheticGold.Start.UtcDateTime).AddDays(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            for (var c = 0; c < ids.Count; c++)
            {
                expected.Append(System.Globalization.CultureInfo.InvariantCulture, $"{ids[c]},{day},{0.001 * (c + 1)},{0.002 * (c + 1)}\n");
                realized.Append(System.Globalization.CultureInfo.InvariantCulture, $"{ids[c]},{day},{0.0005 * (c + 1)}\n");
            }
        }
        await File.WriteAllTextAsync(Path.Combine(layout.GroundTruthDir, "customer_expected_daily_hazard.csv"), expected.ToString(), ct);
        await File.WriteAllTextAsync(Path.Combine(layout.GroundTruthDir, "customer_daily_hazard.csv"), realized.ToString(), ct);

        var data = (await BuiltInWorld.BuildAsync(layout, BuiltInModel.Crai, ct)).Dataset.Data;

        Assert.NotNull(data.Oracle);
        Assert.NotNull(data.ClairvoyantOracle);
        for (var i = 0; i < data.RowCount; i++)
        {
            var c = ids.IndexOf(data.Ids![i]!.Split('@')[0]) + 1;
            Assert.Equal(1 - Math.Pow(1 - (0.002 * c), 30), data.Oracle![i], 9);
            Assert.Equal(1 - Math.Pow(1 - (0.0005 * c), 30), data.ClairvoyantOracle![i], 9);
        }
    }

    [Fact]
    public void DefaultTrainers_CraiSearchesTheGlmOnlyAndOthersEveryLearner()
    {
        Assert.Equal([TrainerKind.Glm], BuiltInWorld.DefaultTrainers(BuiltInModel.Crai));
        Assert.All(new[] { BuiltInModel.Claims, BuiltInModel.ClaimsFrequency, BuiltInModel.ClaimsSeverity, BuiltInModel.Demand },
            m => Assert.Empty(BuiltInWorld.DefaultTrainers(m)));
    }

    [Fact]
    public async Task BuildAsync_CraiObservationsStartOnceTheLongestWindowIsFull()
    {
        using var temp = new TempDirectory();
        var layout = DataLayout.Open(temp.Path);
        var ct = TestContext.Current.CancellationToken;
        await SyntheticGold.WriteAsync(layout, customers: 30, days: 180, bays: 3, ct);

        var data = (await BuiltInWorld.BuildAsync(layout, BuiltInModel.Crai, ct)).Dataset.Data;

        var first = new DateTime(data.Time!.Min(), DateTimeKind.Utc);
        Assert.True(first >= SyntheticGold.Start.UtcDateTime.AddDays(BuiltInWorld.CraiHistoryDays), $"first observation {first:O}");
    }

    [Fact]
    public async Task BuildAsync_TrainsThroughThePipelineWithTheServiceInTheSignature()
    {
        using var temp = new TempDirectory();
        var layout = DataLayout.Open(temp.Path);
        var ct = TestContext.Current.CancellationToken;
        await SyntheticGold.WriteAsync(layout, customers: 60, days: 40, bays: 3, ct);
        // Ground truth for every bucket of every bay, in the simulator's format: rate = bay + quarter / 100.
        var truth = new List<string> { "parking_bay_id,bucket_start,expected_bookings" };
        for (var b = 0; b < 3; b++)
        {
            for (var q = 0; q < 40 * 96; q++)
            {
                truth.Add(string.Create(CultureInfo.InvariantCulture,
                    $"B{b:D5},{SyntheticGold.Start.AddMinutes(15 * q).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},{b + ((q % 96) / 100.0)}"));
            }
        }
        Directory.CreateDirectory(layout.GroundTruthDir);
        await File.WriteAllLinesAsync(Path.Combine(layout.GroundTruthDir, "bay_demand_rate.csv"), truth, ct);

        var built = await BuiltInWorld.BuildAsync(layout, BuiltInModel.Demand, ct);

        // Every row: a target bucket, a horizon of 0–95 buckets, the forecast time before it, the gold label and the oracle of that target.
        var data = built.Dataset.Data;
        var labels = await GoldBookingsAsync(layout, ct);
        Assert.True(data.RowCount > 1000, $"rows {data.RowCount}");
        Assert.NotNull(data.Oracle);
        Assert.NotNull(data.TypicalLevel);
        var horizon = data.Numeric["horizon_buckets"];
        var horizons = new HashSet<double>();
        for (var i = 0; i < data.RowCount; i++)
        {
            var parts = data.Ids![i]!.Split('@');
            var target = DateTime.SpecifyKind(DateTime.ParseExact(parts[1], "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), DateTimeKind.Utc);
            var forecast = new DateTime(data.Time![i], DateTimeKind.Utc);
            Assert.InRange(horizon[i], 0, 95);
            Assert.Equal(target, forecast.AddMinutes(15 * horizon[i]));
            Assert.Equal(labels[(parts[0], target)], data.Target[i]);
            var quarter = (target.Hour * 4) + (target.Minute / 15);
            Assert.Equal(int.Parse(parts[0][1..], CultureInfo.InvariantCulture) + (quarter / 100.0), data.Oracle[i], 9);
            horizons.Add(horizon[i]);
        }
        Assert.True(horizons.Count > 80, $"only {horizons.Count} distinct horizons");
        // No event near a bucket reads as "no event", not as a missing value the learners would fill with a typical event.
        Assert.All(DemandTargets.AbsentEventValues.Keys, f => Assert.DoesNotContain(data.Numeric[f], double.IsNaN));
        // The pooled expected rate is read through its local-time key for every row (history starts 29 days before the first target).
        Assert.DoesNotContain(data.Numeric["expected_rate"], double.IsNaN);
        // The ex-ante oracle (weather of the target hour as known at t), recomputed by brute force from gold.
        Assert.NotNull(data.ExAnteOracle);
        var exAnte = await BruteForceExAnteOracleAsync(layout, data, ct);
        for (var i = 0; i < data.RowCount; i++)
        {
            Assert.Equal(exAnte[i], data.ExAnteOracle[i], 9);
        }
        Assert.Contains(Enumerable.Range(0, data.RowCount), i => Math.Abs(data.ExAnteOracle[i] - data.Oracle[i]) > 1e-6);

        var result = new TrainingPipeline(new FakeTimeProvider()).Run(
            new TrainingRequest(built.ModelName, built.Dataset, built.Reference, layout.RunsDir, built.FeatureService, built.FeatureServiceVersion),
            new TrainingOptions { Trainers = [TrainerKind.Glm], Trials = 1, Folds = 2, DropDegenerateFeatures = true, LabelHorizon = BuiltInWorld.LabelHorizon(BuiltInModel.Demand) },
            null, ct);

        Assert.Equal("demand", result.Manifest.Signature.FeatureService);
        Assert.Contains(result.Manifest.Signature.Inputs, f => f.Name == "horizon_buckets");
        // A Poisson count model (exposure one bucket), judged also by R² of the expected count against the oracle's.
        Assert.Equal(ModelTask.PoissonWithExposure, result.Manifest.Signature.Task);
        Assert.True(result.Manifest.Metrics.ContainsKey("oracle_r2"));
        Assert.True(result.Manifest.Metrics.ContainsKey("r2"));
        Assert.InRange(result.Manifest.Metrics["surge_class_accuracy"], 0, 1);
        var confusion = DemandClasses.Sum(a => DemandClasses.Sum(p => result.Manifest.Metrics[$"surge_confusion_{a}_{p}"]));
        Assert.Equal(result.Report.Rows.Holdout, confusion);
        Assert.Equal(built.FeatureServiceVersion, result.Manifest.Signature.FeatureServiceVersion);
        Assert.Contains("parking_bay_demand_history", result.Manifest.Data.Tables);
        Assert.True(File.Exists(Path.Combine(result.ArtifactDirectory, "manifest.json")));
    }

    private static async Task<List<string>> CustomerIdsAsync(DataLayout layout, CancellationToken ct)
    {
        var ids = new List<string>();
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT customer_id FROM read_parquet('{layout.GoldTableGlob("customer_driving_behavior")}', union_by_name = true) ORDER BY 1";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private static readonly string[] DemandClasses = ["low", "medium", "high"];

    // The true rate × E[weather factor of the target hour | state observed at t] / its actual factor, where the expectation
    // is the mean factor k hours after every hour of the city in the same (raining, freezing) state, at the target's UTC hour.
    private static async Task<double[]> BruteForceExAnteOracleAsync(DataLayout layout, TabularData data, CancellationToken ct)
    {
        var weather = new Dictionary<(string City, DateTime Hour), (bool Wet, bool Cold, double Factor, DateTime Known)>();
        var bayCity = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(ct);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SET TimeZone = 'UTC';
                SELECT city, CAST(hour_start AS TIMESTAMP), rain_mm, temperature_c, CAST(event_ts AS TIMESTAMP)
                FROM read_parquet('{layout.GoldTableGlob("weather_features")}', union_by_name = true)
                """;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                bool wet = reader.GetDouble(2) >= 0.1, cold = reader.GetDouble(3) < 0;
                weather[(reader.GetString(0), reader.GetDateTime(1))] = (wet, cold, (wet ? 1.25 : 1) * (cold ? 1.1 : 1), reader.GetDateTime(4));
            }
        }
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT DISTINCT parking_bay_id, city FROM read_parquet('{layout.GoldTableGlob("bays")}', union_by_name = true)";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                bayCity[reader.GetString(0)] = reader.GetString(1);
            }
        }
        var climate = new Dictionary<(string, int, bool, bool, int), (double Sum, int N)>();
        foreach (var ((city, hour), state) in weather)
        {
            for (var k = 0; k < 30; k++)
            {
                if (weather.TryGetValue((city, hour.AddHours(k)), out var later))
                {
                    var key = (city, k, state.Wet, state.Cold, hour.AddHours(k).Hour);
                    var (sum, n) = climate.GetValueOrDefault(key);
                    climate[key] = (sum + later.Factor, n + 1);
                }
            }
        }
        var result = new double[data.RowCount];
        for (var i = 0; i < data.RowCount; i++)
        {
            var parts = data.Ids![i]!.Split('@');
            var target = DateTime.ParseExact(parts[1], "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
            var forecast = new DateTime(data.Time![i]);
            var city = bayCity[parts[0]];
            var targetHour = target.AddMinutes(-target.Minute);
            var observed = weather.Where(w => w.Key.City == city && w.Value.Known <= forecast).Select(w => w.Key.Hour).DefaultIfEmpty().Max();
            result[i] = data.Oracle![i];
            if (observed != default && weather.TryGetValue((city, targetHour), out var actual))
            {
                var state = weather[(city, observed)];
                var (sum, n) = climate[(city, (int)(targetHour - observed).TotalHours, state.Wet, state.Cold, targetHour.Hour)];
                result[i] = data.Oracle[i] * (sum / n) / actual.Factor;
            }
        }
        return result;
    }

    private static async Task<Dictionary<(string Bay, DateTime Bucket), double>> GoldBookingsAsync(DataLayout layout, CancellationToken ct)
    {
        var labels = new Dictionary<(string, DateTime), double>();
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT parking_bay_id, epoch_us(bucket_start), bookings FROM read_parquet('{layout.GoldTableGlob("parking_bay_demand_history")}')";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            labels[(reader.GetString(0), DateTime.UnixEpoch.AddTicks(reader.GetInt64(1) * 10))] = Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture);
        }
        return labels;
    }

    [Fact]
    public async Task BuildAsync_WithoutGoldSaysWhatToRun()
    {
        using var temp = new TempDirectory();
        var error = await Assert.ThrowsAsync<TrainingDataException>(() =>
            BuiltInWorld.BuildAsync(DataLayout.Open(temp.Path), BuiltInModel.Crai, TestContext.Current.CancellationToken));
        Assert.Contains("riskops etl", error.Message, StringComparison.Ordinal);
    }
}
