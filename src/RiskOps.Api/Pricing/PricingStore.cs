using Microsoft.Data.Sqlite;
using RiskOps.Core.Storage;

namespace RiskOps.Api.Pricing;

/// <summary>
/// Pricing decisions and their outcomes in SQLite (<c>serving/pricing.sqlite</c>). A quote is committed before it
/// is returned, so every price a customer saw can be joined to its outcome when the pricing policy learns.
/// </summary>
internal sealed class PricingStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private SqliteCommand? _insertQuote;

    public PricingStore(DataLayout layout)
    {
        Directory.CreateDirectory(layout.ServingDir);
        DatabasePath = Path.Combine(layout.ServingDir, "pricing.sqlite");
        _connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Default Timeout=30");
        _connection.Open();
        using var setup = _connection.CreateCommand();
        setup.CommandText = """
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS quotes(quote_id TEXT PRIMARY KEY, quoted_at TEXT NOT NULL, customer_id TEXT NOT NULL,
              parking_bay_id TEXT NOT NULL, vehicle_id TEXT, vehicle_type TEXT NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL,
              base_price REAL NOT NULL, price_per_minute REAL NOT NULL, factors TEXT NOT NULL, risk_model_version INTEGER NOT NULL,
              variant TEXT NOT NULL, degraded INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS outcomes(quote_id TEXT PRIMARY KEY REFERENCES quotes(quote_id), booked INTEGER NOT NULL, recorded_at TEXT NOT NULL);
            """;
        setup.ExecuteNonQuery();
    }

    public string DatabasePath { get; }

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
        _insertQuote?.Dispose();
        _connection.Dispose();
        _lock.Dispose();
    }
}
