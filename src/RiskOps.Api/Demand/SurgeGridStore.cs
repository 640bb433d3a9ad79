using System.Text.Json;
using Microsoft.Data.Sqlite;
using RiskOps.Api.Seams;
using RiskOps.Core.Storage;

namespace RiskOps.Api.Demand;

/// <summary>
/// The persisted surge grid (<c>serving/surge.sqlite</c>), so a grid computed by <c>riskops surge</c> or a
/// restarted service is served at once. Each save replaces the whole grid in one transaction: re-runs are safe.
/// </summary>
internal sealed class SurgeGridStore(DataLayout layout)
{
    public string DatabasePath { get; } = Path.Combine(layout.ServingDir, "surge.sqlite");

    /// <summary>The grid file's write time when this process saved it last (it already holds that grid).</summary>
    public DateTime? OwnWrite { get; private set; }

    /// <summary>When the grid file was last written (by any process), or null if there is none.</summary>
    public DateTime? LastWrite => File.Exists(DatabasePath) ? File.GetLastWriteTimeUtc(DatabasePath) : null;

    /// <summary>Records that the grid now on disk was written by this process.</summary>
    public void MarkOwnWrite() => OwnWrite = LastWrite;

    private SqliteConnection Open()
    {
        Directory.CreateDirectory(layout.ServingDir);
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Default Timeout=30");
        connection.Open();
        using var setup = connection.CreateCommand();
        setup.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS grid_meta(id INTEGER PRIMARY KEY CHECK (id = 1), computed_at TEXT NOT NULL, first_bucket TEXT NOT NULL, bucket_count INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS grid_cells(bay_id TEXT NOT NULL, city TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, capacity INTEGER NOT NULL,
              bucket INTEGER NOT NULL, expected REAL NOT NULL, baseline REAL NOT NULL, confidence REAL NOT NULL, factors TEXT NOT NULL,
              PRIMARY KEY (bay_id, bucket));
            CREATE TABLE IF NOT EXISTS grid_source(id INTEGER PRIMARY KEY CHECK (id = 1), forecaster TEXT NOT NULL);
            """;
        setup.ExecuteNonQuery();
        return connection;
    }

    public async Task SaveAsync(SurgeGrid grid, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var clear = connection.CreateCommand())
        {
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM grid_cells; DELETE FROM grid_meta; DELETE FROM grid_source;";
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var meta = connection.CreateCommand())
        {
            meta.Transaction = transaction;
            meta.CommandText = "INSERT INTO grid_meta VALUES (1, $at, $first, $count)";
            meta.Parameters.AddWithValue("$at", grid.ComputedAt.UtcDateTime.ToString("O"));
            meta.Parameters.AddWithValue("$first", grid.FirstBucket.UtcDateTime.ToString("O"));
            meta.Parameters.AddWithValue("$count", grid.BucketCount);
            await meta.ExecuteNonQueryAsync(cancellationToken);
            meta.CommandText = "INSERT INTO grid_source VALUES (1, $forecaster)";
            meta.Parameters.AddWithValue("$forecaster", grid.Forecaster);
            await meta.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO grid_cells VALUES ($bay, $city, $lat, $lon, $cap, $bucket, $expected, $baseline, $confidence, $factors)";
        var p = insert.Parameters;
        var bay = p.Add("$bay", SqliteType.Text);
        var city = p.Add("$city", SqliteType.Text);
        var lat = p.Add("$lat", SqliteType.Real);
        var lon = p.Add("$lon", SqliteType.Real);
        var cap = p.Add("$cap", SqliteType.Integer);
        var bucket = p.Add("$bucket", SqliteType.Integer);
        var expected = p.Add("$expected", SqliteType.Real);
        var baseline = p.Add("$baseline", SqliteType.Real);
        var confidence = p.Add("$confidence", SqliteType.Real);
        var factors = p.Add("$factors", SqliteType.Text);
        foreach (var (info, cells) in grid.Bays.Values)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                bay.Value = info.BayId;
                city.Value = info.City;
                lat.Value = info.Lat;
                lon.Value = info.Lon;
                cap.Value = info.Capacity;
                bucket.Value = i;
                expected.Value = cells[i].ExpectedBookings;
                baseline.Value = cells[i].BaselineBookings;
                confidence.Value = cells[i].Confidence;
                factors.Value = JsonSerializer.Serialize(cells[i].Factors);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The persisted grid, or null if none was saved.</summary>
    public async Task<SurgeGrid?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(DatabasePath))
        {
            return null;
        }

        await using var connection = Open();
        DateTimeOffset computedAt, first;
        int count;
        await using (var meta = connection.CreateCommand())
        {
            meta.CommandText = "SELECT computed_at, first_bucket, bucket_count FROM grid_meta WHERE id = 1";
            await using var reader = await meta.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            computedAt = DateTimeOffset.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture);
            first = DateTimeOffset.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture);
            count = reader.GetInt32(2);
        }

        var forecaster = "seasonal";
        await using (var source = connection.CreateCommand())
        {
            source.CommandText = "SELECT forecaster FROM grid_source WHERE id = 1";
            if (await source.ExecuteScalarAsync(cancellationToken) is string saved)
            {
                forecaster = saved;
            }
        }

        var bays = new Dictionary<string, (BayInfo Bay, List<BucketDemand> Buckets)>(StringComparer.Ordinal);
        await using (var cells = connection.CreateCommand())
        {
            cells.CommandText = "SELECT bay_id, city, lat, lon, capacity, bucket, expected, baseline, confidence, factors FROM grid_cells ORDER BY bay_id, bucket";
            await using var reader = await cells.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (!bays.TryGetValue(id, out var entry))
                {
                    entry = (new BayInfo(id, reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetInt32(4)), []);
                    bays[id] = entry;
                }

                var start = first + (SurgeGrid.Bucket * reader.GetInt32(5));
                entry.Buckets.Add(new BucketDemand(start, reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8),
                    JsonSerializer.Deserialize<string[]>(reader.GetString(9)) ?? []));
            }
        }

        return SurgeGrid.From(computedAt, first, count, [.. bays.Values.Select(b => new BayDemandForecast(b.Bay, b.Buckets, forecaster))]);
    }
}
