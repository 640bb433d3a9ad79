using System.Globalization;
using DuckDB.NET.Data;
using RiskOps.Features.Definitions;

namespace RiskOps.Features.Offline;

/// <summary>
/// One in-memory DuckDB connection configured for the feature store: UTC session time zone, a
/// memory cap with spilling to a temp directory, so a large retrieval degrades to disk instead of failing,
/// and the scalar functions that view definitions call (<see cref="DemandShapeFit"/>).
/// </summary>
internal static class DuckDbSession
{
    public static async Task<DuckDBConnection> OpenAsync(string tempDirectory, string memoryLimit, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(tempDirectory);
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            await connection.OpenAsync(cancellationToken);
            DemandShapeFit.Register(connection);
            await ExecuteAsync(connection,
                $"SET TimeZone = 'UTC'; SET memory_limit = '{memoryLimit}'; SET temp_directory = '{tempDirectory.Replace("'", "''", StringComparison.Ordinal)}';",
                cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static async Task<long> ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var registration = cancellationToken.Register(command.Cancel);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<object?> ScalarAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var registration = cancellationToken.Register(command.Cancel);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    public static async Task<long> CountAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken) =>
        Convert.ToInt64(await ScalarAsync(connection, sql, cancellationToken) ?? 0L, CultureInfo.InvariantCulture);

    /// <summary>The first line of a DuckDB error, which names the problem without the query plan.</summary>
    public static string FirstLine(Exception ex) => ex.Message.Split('\n', 2)[0].Trim();
}
