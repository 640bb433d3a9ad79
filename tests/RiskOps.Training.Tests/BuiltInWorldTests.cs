using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;
using RiskOps.Core.Storage;
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

        var built = await BuiltInWorld.BuildAsync(layout, BuiltInModel.Demand, ct);
        var result = new TrainingPipeline(new FakeTimeProvider()).Run(
            new TrainingRequest(built.ModelName, built.Dataset, built.Reference, layout.RunsDir, built.FeatureService, built.FeatureServiceVersion),
            new TrainingOptions { Trainers = [TrainerKind.Glm], Trials = 1, Folds = 2 }, null, ct);

        Assert.Equal("demand", result.Manifest.Signature.FeatureService);
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

    [Fact]
    public async Task BuildAsync_WithoutGoldSaysWhatToRun()
    {
        using var temp = new TempDirectory();
        var error = await Assert.ThrowsAsync<TrainingDataException>(() =>
            BuiltInWorld.BuildAsync(DataLayout.Open(temp.Path), BuiltInModel.Crai, TestContext.Current.CancellationToken));
        Assert.Contains("riskops etl", error.Message, StringComparison.Ordinal);
    }
}
