using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;
using RiskOps.Core.Storage;

namespace RiskOps.Features.Tests;

/// <summary>A temporary data directory with gold tables written by DuckDB, and a feature store over it.</summary>
internal sealed class TestWorld : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private int _files;

    public TestWorld(FeatureStoreOptions? options = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "riskops-feat-" + Guid.NewGuid().ToString("N"));
        Layout = DataLayout.Open(Root);
        Time = new FakeTimeProvider(Epoch);
        Options = options ?? new FeatureStoreOptions { DuckDbMemoryLimit = "512MB" };
        Store = FeatureStore.Open(Layout, Time, Options);
    }

    public string Root { get; }

    public DataLayout Layout { get; }

    public FakeTimeProvider Time { get; }

    public FeatureStoreOptions Options { get; }

    public FeatureStore Store { get; private set; }

    /// <summary>Closes and reopens the store on the same directory (a process restart).</summary>
    public void Restart()
    {
        Store.Dispose();
        Store = FeatureStore.Open(Layout, Time, Options);
    }

    /// <summary>Writes one more Parquet file of a gold table from a DuckDB SELECT.</summary>
    public async Task WriteGoldAsync(string table, string select, CancellationToken cancellationToken)
    {
        var dir = Layout.GoldTableDir(table);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"part-{Interlocked.Increment(ref _files):D4}.parquet");
        await ExecuteAsync($"COPY ({select}) TO '{path}' (FORMAT parquet)", cancellationToken);
    }

    public static async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SET TimeZone = 'UTC'; " + sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reads a Parquet file's rows as dictionaries (small test outputs only).</summary>
    public static async Task<List<Dictionary<string, object?>>> ReadParquetAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{path}')";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    public static string Ts(DateTimeOffset value) =>
        "TIMESTAMP '" + value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";

    public static string Num(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "NULL";

    public static string Str(string? value) => value is null ? "NULL" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public void Dispose()
    {
        Store.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A DuckDB temp file still closing; the OS temp cleaner takes the rest.
        }
    }
}
