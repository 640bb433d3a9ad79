using System.Data.Common;
using DuckDB.NET.Data;

namespace RiskOps.Lakehouse.Engine;

/// <summary>
/// An in-memory DuckDB connection tuned for batch ETL over Parquet: bounded memory with spill to disk,
/// no insertion-order preservation (lets DuckDB parallelise COPY), UTC session time zone.
/// </summary>
internal sealed class DuckDbSession : IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly List<(string Label, TimeSpan Wall, TimeSpan Cpu)>? _timings;

    public DuckDbSession(LakehouseOptions options, string tempDirectory)
    {
        _timings = options.ProfileStatements ? [] : null;
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        Directory.CreateDirectory(tempDirectory);
        Execute($"""
            SET threads = {Math.Max(1, options.Threads)};
            SET memory_limit = '{options.MemoryLimit.Replace("'", "", StringComparison.Ordinal)}';
            SET preserve_insertion_order = false;
            SET temp_directory = '{Sql.Escape(tempDirectory)}';
            SET TimeZone = 'UTC';
            """, CancellationToken.None);
    }

    public void Execute(string sql, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var registration = cancellationToken.Register(command.Cancel);
        using (Measure(sql))
        {
            command.ExecuteNonQuery();
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Wall and process CPU time per statement, when <see cref="LakehouseOptions.ProfileStatements"/> is on (for the benchmark).</summary>
    public IReadOnlyList<(string Label, TimeSpan Wall, TimeSpan Cpu)> Timings => _timings ?? [];

    private StatementTimer? Measure(string sql) => _timings is null ? null : new StatementTimer(sql, _timings);

    public T? Scalar<T>(string sql, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var registration = cancellationToken.Register(command.Cancel);
        object? value;
        using (Measure(sql))
        {
            value = command.ExecuteScalar();
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (value is null or DBNull)
        {
            return default;
        }
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }

    public List<T> Query<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var registration = cancellationToken.Register(command.Cancel);
        using var timer = Measure(sql);
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(map(reader));
        }
        cancellationToken.ThrowIfCancellationRequested();
        return list;
    }

    /// <summary>DuckDB's own peak buffer memory in bytes (from <c>duckdb_memory()</c>), for the benchmark.</summary>
    public long MemoryUsageBytes(CancellationToken cancellationToken) =>
        Scalar<long>("SELECT coalesce(sum(memory_usage_bytes), 0)::BIGINT FROM duckdb_memory()", cancellationToken);

    public void Dispose() => _connection.Dispose();
}
