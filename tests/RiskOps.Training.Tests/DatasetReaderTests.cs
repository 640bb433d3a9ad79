using RiskOps.Core.Modeling;
using RiskOps.Training.Data;
using RiskOps.Training.Specs;

namespace RiskOps.Training.Tests;

public sealed class DatasetReaderTests
{
    [Fact]
    public async Task ReadAsync_QuarantinesUnusableRowsAndCountsMessyValues()
    {
        using var temp = new TempDirectory();
        var data = SyntheticData.Binary(300, seed: 1);
        SyntheticData.WriteBinaryCsv(data, temp.File("d.csv"),
            "X1,2026-03-01 00:00:00,abc,41,north,1",     // unparseable number: kept as missing
            "X2,2026-03-01 01:00:00,0.5,42,atlantis,",   // missing target: quarantined
            "X3,2026-03-01 02:00:00,0.5,43,,maybe");     // invalid target: quarantined; missing category kept
        var spec = DatasetSpecLoader.Parse($"""
            data: {temp.File("d.csv")}
            target: incident
            task: binary
            time: observed_at
            id: customer_id
            numeric: [speeding, age]
            categorical: [region]
            """);

        var loaded = await DatasetReader.ReadAsync(spec, TestContext.Current.CancellationToken);

        Assert.Equal(303, loaded.SourceRows);
        Assert.Equal(301, loaded.Data.RowCount);
        Assert.Equal(loaded.SourceRows, loaded.Data.RowCount + loaded.Quarantined.Count);
        Assert.Equal([302L, 303L], loaded.Quarantined.Select(q => q.Row));
        Assert.Contains("missing", loaded.Quarantined[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'maybe'", loaded.Quarantined[1].Reason, StringComparison.Ordinal);
        Assert.Equal(1, loaded.UnparseableByColumn["speeding"]);
        Assert.Equal(data.Numeric["speeding"].Count(double.IsNaN) + 1, loaded.MissingByColumn["speeding"]);
        Assert.True(double.IsNaN(loaded.Data.Numeric["speeding"][300]));
        Assert.Equal(data.Target.Sum() + 1, loaded.Data.Target.Sum());
        Assert.NotNull(loaded.Data.Time);
    }

    [Fact]
    public async Task ReadAsync_WithoutFeatureListsTypesEveryOtherColumn()
    {
        using var temp = new TempDirectory();
        SyntheticData.WriteBinaryCsv(SyntheticData.Binary(100, seed: 2), temp.File("d.csv"));
        var spec = DatasetSpecLoader.Parse($"data: {temp.File("d.csv")}\ntarget: incident\ntask: binary\nid: customer_id\nexclude: [observed_at]\n");

        var loaded = await DatasetReader.ReadAsync(spec, TestContext.Current.CancellationToken);

        Assert.Equal(
            [new FeatureRef("speeding", FeatureKind.Numeric), new FeatureRef("age", FeatureKind.Numeric), new FeatureRef("region", FeatureKind.Categorical)],
            loaded.Data.Features);
    }

    [Fact]
    public async Task ReadAsync_UnknownColumnNamesTheField()
    {
        using var temp = new TempDirectory();
        SyntheticData.WriteBinaryCsv(SyntheticData.Binary(100, seed: 3), temp.File("d.csv"));
        var spec = DatasetSpecLoader.Parse($"data: {temp.File("d.csv")}\ntarget: incident\ntask: binary\nnumeric: [speed]\n");

        var error = await Assert.ThrowsAsync<DatasetSpecException>(() => DatasetReader.ReadAsync(spec, TestContext.Current.CancellationToken));
        Assert.Contains("field 'numeric': column 'speed'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ReadsParquetThroughDuckDb()
    {
        using var temp = new TempDirectory();
        SyntheticData.WriteBinaryCsv(SyntheticData.Binary(200, seed: 4), temp.File("d.csv"));
        await using (var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM read_csv('{temp.File("d.csv")}')) TO '{temp.File("d.parquet")}' (FORMAT parquet)";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var spec = DatasetSpecLoader.Parse($"data: {temp.File("d.parquet")}\ntarget: incident\ntask: binary\ntime: observed_at\nnumeric: [speeding, age]\ncategorical: [region]\n");

        var loaded = await DatasetReader.ReadAsync(spec, TestContext.Current.CancellationToken);

        Assert.Equal(200, loaded.Data.RowCount);
        Assert.Empty(loaded.Quarantined);
    }
}
