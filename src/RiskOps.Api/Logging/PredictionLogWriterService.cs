using Microsoft.Data.Sqlite;
using RiskOps.Api.Observability;
using RiskOps.Core.Storage;

namespace RiskOps.Api.Logging;

/// <summary>Drains the prediction log queue into SQLite (<c>serving/predictions.sqlite</c>) in batches.</summary>
internal sealed partial class PredictionLogWriterService(
    PredictionLog log,
    DataLayout layout,
    ServingMetrics metrics,
    ILogger<PredictionLogWriterService> logger) : BackgroundService
{
    private const int MaxBatch = 1024;

    public static string DatabasePath(DataLayout layout) => Path.Combine(layout.ServingDir, "predictions.sqlite");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(layout.ServingDir);
        var pseudonymizer = Pseudonymizer.FromKeyFile(Path.Combine(layout.ServingDir, "pseudonym.key"));
        await using var connection = new SqliteConnection($"Data Source={DatabasePath(layout)};Pooling=False");
        await connection.OpenAsync(stoppingToken);
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
                CREATE TABLE IF NOT EXISTS prediction_log(
                  id INTEGER PRIMARY KEY, at TEXT NOT NULL, request_id TEXT NOT NULL, endpoint TEXT NOT NULL,
                  entity_pseudonym TEXT NOT NULL, model TEXT NOT NULL, version INTEGER NOT NULL, variant TEXT NOT NULL,
                  features TEXT, output REAL, latency_ms REAL NOT NULL, cache_hit INTEGER NOT NULL, degraded INTEGER NOT NULL);
                """;
            await setup.ExecuteNonQueryAsync(stoppingToken);
        }

        var batch = new List<PredictionLogEntry>(MaxBatch);
        using var insert = new PredictionLogBatchInsert(connection, pseudonymizer);
        // Drain until the queue is completed (shutdown), so accepted entries are written, not lost.
        while (await WaitAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && log.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            try
            {
                insert.Write(batch);
                metrics.LogWritten(batch.Count);
            }
            catch (SqliteException ex)
            {
                LogWriteFailed(logger, ex, batch.Count);
            }

            log.Dequeued(batch.Count);
            batch.Clear();
        }
    }

    private async Task<bool> WaitAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await log.Reader.WaitToReadAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            log.Complete();
            return log.Reader.TryPeek(out _);
        }
    }

    [LoggerMessage(EventId = 5200, Level = LogLevel.Error, Message = "Could not write {Count} prediction log entries")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
