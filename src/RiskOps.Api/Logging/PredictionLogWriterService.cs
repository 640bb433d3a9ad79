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
        using var insert = new BatchInsert(connection, pseudonymizer);
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

    /// <summary>
    /// One prepared INSERT reused for every batch (one transaction per batch). Synchronous on purpose: SQLite calls
    /// are synchronous underneath, and the async wrappers only added a task per row on this background thread. The
    /// per-row garbage is kept small (reused JSON buffer, pre-boxed flags), because at 15,000 predictions/s it sets
    /// how often the service's gen-0 collections run.
    /// </summary>
    private sealed class BatchInsert : IDisposable
    {
        private static readonly object s_zero = 0;
        private static readonly object s_one = 1;

        private readonly SqliteConnection _connection;
        private readonly Pseudonymizer _pseudonymizer;
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter _at, _request, _endpoint, _entity, _model, _version, _variant, _features, _output, _latency, _hit, _degraded;
        private readonly ArrayBufferWriter<byte> _json = new(4096);
        private readonly Utf8JsonWriter _jsonWriter;
        private (int Version, object Boxed) _lastVersion = (int.MinValue, 0);

        public BatchInsert(SqliteConnection connection, Pseudonymizer pseudonymizer)
        {
            _connection = connection;
            _pseudonymizer = pseudonymizer;
            _jsonWriter = new Utf8JsonWriter(_json);
            _insert = connection.CreateCommand();
            _insert.CommandText = """
                INSERT INTO prediction_log(at, request_id, endpoint, entity_pseudonym, model, version, variant, features, output, latency_ms, cache_hit, degraded)
                VALUES ($at, $request, $endpoint, $entity, $model, $version, $variant, CAST($features AS TEXT), $output, $latency, $hit, $degraded)
                """;
            var p = _insert.Parameters;
            _at = p.Add("$at", SqliteType.Text);
            _request = p.Add("$request", SqliteType.Text);
            _endpoint = p.Add("$endpoint", SqliteType.Text);
            _entity = p.Add("$entity", SqliteType.Text);
            _model = p.Add("$model", SqliteType.Text);
            _version = p.Add("$version", SqliteType.Integer);
            _variant = p.Add("$variant", SqliteType.Text);
            _features = p.Add("$features", SqliteType.Blob); // UTF-8 JSON bytes, stored as TEXT by the CAST
            _output = p.Add("$output", SqliteType.Real);
            _latency = p.Add("$latency", SqliteType.Real);
            _hit = p.Add("$hit", SqliteType.Integer);
            _degraded = p.Add("$degraded", SqliteType.Integer);
        }

        public void Write(List<PredictionLogEntry> batch)
        {
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            foreach (var e in batch)
            {
                if (e.Version != _lastVersion.Version)
                {
                    _lastVersion = (e.Version, e.Version);
                }

                _at.Value = e.At.UtcDateTime.ToString("O");
                _request.Value = e.RequestId;
                _endpoint.Value = e.Endpoint;
                _entity.Value = _pseudonymizer.Pseudonym(e.EntityId);
                _model.Value = e.Model;
                _version.Value = _lastVersion.Boxed;
                _variant.Value = e.Variant;
                _features.Value = e.Features is null ? DBNull.Value : e.Features.ToUtf8Json(_json, _jsonWriter);
                _output.Value = double.IsFinite(e.Output) ? e.Output : DBNull.Value;
                _latency.Value = e.LatencyMs;
                _hit.Value = e.CacheHit ? s_one : s_zero;
                _degraded.Value = e.Degraded ? s_one : s_zero;
                _insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        public void Dispose()
        {
            _insert.Dispose();
            _jsonWriter.Dispose();
        }
    }

    [LoggerMessage(EventId = 5200, Level = LogLevel.Error, Message = "Could not write {Count} prediction log entries")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
