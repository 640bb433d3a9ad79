using Microsoft.Data.Sqlite;
using RiskOps.Api.Observability;
using RiskOps.Core.Storage;

namespace RiskOps.Api.Pricing;

/// <summary>
/// Pricing decisions and their outcomes in SQLite (<c>serving/pricing.sqlite</c>). A quote is committed before it
/// is returned, so every price a customer saw can be joined to its outcome when the pricing policy learns.
/// </summary>
internal sealed partial class PricingStore : IDisposable
{
    /// <summary>How often the WAL is checkpointed in the background (the quote path never checkpoints).</summary>
    internal static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly SqliteConnection _checkpointConnection;
    private readonly Lock _checkpointLock = new();
    private readonly ITimer _checkpointTimer;
    private SqliteCommand? _insertQuote;
    private bool _disposed;

    private readonly ServingMetrics _metrics;
    private readonly ILogger<PricingStore> _logger;

    public PricingStore(DataLayout layout, TimeProvider time, ServingMetrics metrics, ILogger<PricingStore> logger)
    {
        _metrics = metrics;
        _logger = logger;
        Directory.CreateDirectory(layout.ServingDir);
        DatabasePath = Path.Combine(layout.ServingDir, "pricing.sqlite");
        _connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Default Timeout=30");
        _connection.Open();
        using var setup = _connection.CreateCommand();
        // No automatic checkpoints: SQLite runs one inside whichever commit crosses 1,000 WAL pages (every few hundred
        // quotes), with an fsync, while that quote holds the store's lock and every other quote waits behind it. A timer
        // checkpoints from a second connection instead, which does not block the writer (PASSIVE).
        setup.CommandText = """
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0;
            CREATE TABLE IF NOT EXISTS quotes(quote_id TEXT PRIMARY KEY, quoted_at TEXT NOT NULL, customer_id TEXT NOT NULL,
              parking_bay_id TEXT NOT NULL, vehicle_id TEXT, vehicle_type TEXT NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL,
              base_price REAL NOT NULL, price_per_minute REAL NOT NULL, factors TEXT NOT NULL, risk_model_version INTEGER NOT NULL,
              variant TEXT NOT NULL, degraded INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS outcomes(quote_id TEXT PRIMARY KEY REFERENCES quotes(quote_id), booked INTEGER NOT NULL, recorded_at TEXT NOT NULL);
            """;
        setup.ExecuteNonQuery();
        _checkpointConnection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Default Timeout=30");
        _checkpointConnection.Open();
        _checkpointTimer = time.CreateTimer(_ => Checkpoint(), null, CheckpointInterval, CheckpointInterval);
    }

    public string DatabasePath { get; }

    /// <summary>Copies committed WAL pages into the database file without blocking quotes; skipped if one is running.</summary>
    internal void Checkpoint()
    {
        if (!_checkpointLock.TryEnter())
        {
            return;
        }

        try
        {
            if (_disposed)
            {
                return;
            }

            using var checkpoint = _checkpointConnection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            checkpoint.ExecuteNonQuery();
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException)
        {
            // Busy or I/O trouble: the WAL keeps the data and the next tick tries again, but a WAL that never shrinks
            // (disk filling, reads slowing) must be visible: counted and logged, not swallowed. Caught here because an
            // exception escaping a timer callback would take the process down.
            _metrics.CheckpointFailed("pricing");
            LogCheckpointFailed(_logger, ex, DatabasePath);
        }
        finally
        {
            _checkpointLock.Exit();
        }
    }

    public async Task SaveQuoteAsync(QuoteResponse quote, string? vehicleId, string factorsJson, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var insert = _insertQuote ??= PrepareInsertQuote();
            var p = insert.Parameters;
            p["$id"].Value = quote.QuoteId;
            p["$at"].Value = quote.QuotedAt.UtcDateTime.ToString("O");
            p["$customer"].Value = quote.CustomerId;
            p["$bay"].Value = quote.ParkingBayId;
            p["$vehicle"].Value = (object?)vehicleId ?? DBNull.Value;
            p["$type"].Value = quote.VehicleType;
            p["$start"].Value = quote.Start.UtcDateTime.ToString("O");
            p["$end"].Value = quote.End.UtcDateTime.ToString("O");
            p["$base"].Value = quote.BasePricePerMinute;
            p["$price"].Value = quote.PricePerMinute;
            p["$factors"].Value = factorsJson;
            p["$version"].Value = quote.RiskModel.Version;
            p["$variant"].Value = quote.Variant;
            p["$degraded"].Value = quote.Degraded ? 1 : 0;
            insert.ExecuteNonQuery(); // SQLite is synchronous underneath; the async wrapper only added a task
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// The quote INSERT, prepared once and reused under the lock: a new command per quote made SQLite parse and plan the
    /// statement for every quote.
    /// </summary>
    private SqliteCommand PrepareInsertQuote()
    {
        var insert = _connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO quotes VALUES ($id, $at, $customer, $bay, $vehicle, $type, $start, $end, $base, $price, $factors, $version, $variant, $degraded)
            """;
        foreach (var (name, type) in new[]
        {
            ("$id", SqliteType.Text), ("$at", SqliteType.Text), ("$customer", SqliteType.Text), ("$bay", SqliteType.Text), ("$vehicle", SqliteType.Text),
            ("$type", SqliteType.Text), ("$start", SqliteType.Text), ("$end", SqliteType.Text), ("$base", SqliteType.Real), ("$price", SqliteType.Real),
            ("$factors", SqliteType.Text), ("$version", SqliteType.Integer), ("$variant", SqliteType.Text), ("$degraded", SqliteType.Integer),
        })
        {
            insert.Parameters.Add(name, type);
        }

        insert.Prepare();
        return insert;
    }

    /// <summary>Records an outcome once. Returns the stored outcome (the existing one on a repeat), or null for an unknown quote.</summary>
    public async Task<(bool Booked, DateTimeOffset RecordedAt, bool Inserted)?> RecordOutcomeAsync(string quoteId, bool booked, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var insert = _connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO outcomes(quote_id, booked, recorded_at)
                SELECT quote_id, $booked, $at FROM quotes WHERE quote_id = $id
                ON CONFLICT(quote_id) DO NOTHING
                """;
            insert.Parameters.AddWithValue("$id", quoteId);
            insert.Parameters.AddWithValue("$booked", booked ? 1 : 0);
            insert.Parameters.AddWithValue("$at", at.UtcDateTime.ToString("O"));
            var inserted = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;

            await using var read = _connection.CreateCommand();
            read.CommandText = "SELECT booked, recorded_at FROM outcomes WHERE quote_id = $id";
            read.Parameters.AddWithValue("$id", quoteId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            return (reader.GetInt64(0) == 1, DateTimeOffset.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture), inserted);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var ping = _connection.CreateCommand();
            ping.CommandText = "SELECT count(*) FROM quotes WHERE 0";
            await ping.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose()
    {
        _checkpointTimer.Dispose();
        lock (_checkpointLock)
        {
            _disposed = true;
            _checkpointConnection.Dispose();
        }

        _insertQuote?.Dispose();
        _connection.Dispose(); // the last connection to close checkpoints what is left
        _lock.Dispose();
    }

    [LoggerMessage(EventId = 5450, Level = LogLevel.Warning, Message = "Checkpoint of {Path} failed; quotes stay in its WAL until a later checkpoint succeeds")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception, string path);
}
