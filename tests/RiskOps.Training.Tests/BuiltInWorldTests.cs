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
        await SyntheticGold.WriteAsync(layout, customers: 120, days: 120, bays: 3, ct);

        var built = await BuiltInWorld.BuildAsync(layout, BuiltInModel.Crai, ct);

        var data = built.Dataset.Data;
        Assert.Equal("crai", built.FeatureService);
        Assert.True(data.RowCount > 120, $"rows {data.RowCount}");
        Assert.Equal(built.Dataset.SourceRows, data.RowCount + built.Dataset.Quarantined.Count);
        Assert.Contains(data.Features, f => f.Name.StartsWith("km_", StringComparison.Ordinal));
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

    [Fact]
    public async Task BuildAsync_WithoutGoldSaysWhatToRun()
    {
        using var temp = new TempDirectory();
        var error = await Assert.ThrowsAsync<TrainingDataException>(() =>
            BuiltInWorld.BuildAsync(DataLayout.Open(temp.Path), BuiltInModel.Crai, TestContext.Current.CancellationToken));
        Assert.Contains("riskops etl", error.Message, StringComparison.Ordinal);
    }
}
