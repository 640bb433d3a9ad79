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
            await using var insert = _connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO quotes VALUES ($id, $at, $customer, $bay, $vehicle, $type, $start, $end, $base, $price, $factors, $version, $variant, $degraded)
                """;
            insert.Parameters.AddWithValue("$id", quote.QuoteId);
            insert.Parameters.AddWithValue("$at", quote.QuotedAt.UtcDateTime.ToString("O"));
            insert.Parameters.AddWithValue("$customer", quote.CustomerId);
            insert.Parameters.AddWithValue("$bay", quote.ParkingBayId);
            insert.Parameters.AddWithValue("$vehicle", (object?)vehicleId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$type", quote.VehicleType);
            insert.Parameters.AddWithValue("$start", quote.Start.UtcDateTime.ToString("O"));
            insert.Parameters.AddWithValue("$end", quote.End.UtcDateTime.ToString("O"));
            insert.Parameters.AddWithValue("$base", quote.BasePricePerMinute);
            insert.Parameters.AddWithValue("$price", quote.PricePerMinute);
            insert.Parameters.AddWithValue("$factors", factorsJson);
            insert.Parameters.AddWithValue("$version", quote.RiskModel.Version);
            insert.Parameters.AddWithValue("$variant", quote.Variant);
            insert.Parameters.AddWithValue("$degraded", quote.Degraded ? 1 : 0);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
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
        _connection.Dispose();
        _lock.Dispose();
    }
}
