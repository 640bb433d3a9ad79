using System.Buffers;
using System.Text.Json;
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
        // Drain until the queue is completed (shutdown), so accepted entries are written, not lost.
        while (await WaitAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && log.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            try
            {
                await WriteAsync(connection, pseudonymizer, batch, CancellationToken.None);
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

    private static async Task WriteAsync(SqliteConnection connection, Pseudonymizer pseudonymizer, List<PredictionLogEntry> batch, CancellationToken cancellationToken)
    {
        var json = new ArrayBufferWriter<byte>(4096);
        await using var jsonWriter = new Utf8JsonWriter(json);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO prediction_log(at, request_id, endpoint, entity_pseudonym, model, version, variant, features, output, latency_ms, cache_hit, degraded)
            VALUES ($at, $request, $endpoint, $entity, $model, $version, $variant, CAST($features AS TEXT), $output, $latency, $hit, $degraded)
            """;
        var p = insert.Parameters;
        var at = p.Add("$at", SqliteType.Text);
        var request = p.Add("$request", SqliteType.Text);
        var endpoint = p.Add("$endpoint", SqliteType.Text);
        var entity = p.Add("$entity", SqliteType.Text);
        var model = p.Add("$model", SqliteType.Text);
        var version = p.Add("$version", SqliteType.Integer);
        var variant = p.Add("$variant", SqliteType.Text);
        var features = p.Add("$features", SqliteType.Blob); // UTF-8 JSON bytes, stored as TEXT by the CAST
        var output = p.Add("$output", SqliteType.Real);
        var latency = p.Add("$latency", SqliteType.Real);
        var hit = p.Add("$hit", SqliteType.Integer);
        var degraded = p.Add("$degraded", SqliteType.Integer);
        foreach (var e in batch)
        {
            at.Value = e.At.UtcDateTime.ToString("O");
            request.Value = e.RequestId;
            endpoint.Value = e.Endpoint;
            entity.Value = pseudonymizer.Pseudonym(e.EntityId);
            model.Value = e.Model;
            version.Value = e.Version;
            variant.Value = e.Variant;
            features.Value = e.Features is null ? DBNull.Value : e.Features.ToUtf8Json(json, jsonWriter);
            output.Value = double.IsFinite(e.Output) ? e.Output : DBNull.Value;
            latency.Value = e.LatencyMs;
            hit.Value = e.CacheHit ? 1 : 0;
            degraded.Value = e.Degraded ? 1 : 0;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 5200, Level = LogLevel.Error, Message = "Could not write {Count} prediction log entries")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
