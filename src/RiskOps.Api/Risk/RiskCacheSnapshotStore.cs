using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RiskOps.Api.Models;
using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;

namespace RiskOps.Api.Risk;

/// <summary>
/// The risk cache on disk (<c>serving/risk_cache.sqlite</c>), written by the nightly re-scoring so a service
/// started later (or running in another process than <c>riskops rescore</c>) serves cache hits at once.
/// A save replaces the whole snapshot in one transaction.
/// </summary>
internal sealed class RiskCacheSnapshotStore(DataLayout layout)
{
    public string DatabasePath { get; } = Path.Combine(layout.ServingDir, "risk_cache.sqlite");

    private SqliteConnection Open()
    {
        Directory.CreateDirectory(layout.ServingDir);
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Default Timeout=60");
        connection.Open();
        using var setup = connection.CreateCommand();
        setup.CommandText = """
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS snapshot_meta(id INTEGER PRIMARY KEY CHECK (id = 1), model TEXT NOT NULL, version INTEGER NOT NULL,
              inputs TEXT NOT NULL, written_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS entries(customer_id TEXT PRIMARY KEY, score REAL NOT NULL, numeric BLOB NOT NULL, categorical TEXT NOT NULL,
              scored_at TEXT NOT NULL, expires_at TEXT NOT NULL);
            """;
        setup.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Replaces the snapshot with champion entries of one model version.</summary>
    public async Task SaveAsync(string model, int version, FeatureLayout featureLayout, IReadOnlyCollection<RiskCacheEntry> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var clear = connection.CreateCommand())
        {
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM entries; DELETE FROM snapshot_meta;";
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var meta = connection.CreateCommand())
        {
            meta.Transaction = transaction;
            meta.CommandText = "INSERT INTO snapshot_meta VALUES (1, $model, $version, $inputs, $at)";
            meta.Parameters.AddWithValue("$model", model);
            meta.Parameters.AddWithValue("$version", version);
            meta.Parameters.AddWithValue("$inputs", JsonSerializer.Serialize(featureLayout.Inputs));
            meta.Parameters.AddWithValue("$at", now.UtcDateTime.ToString("O"));
            await meta.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO entries VALUES ($id, $score, $numeric, $categorical, $scored, $expires)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var score = insert.Parameters.Add("$score", SqliteType.Real);
        var numeric = insert.Parameters.Add("$numeric", SqliteType.Blob);
        var categorical = insert.Parameters.Add("$categorical", SqliteType.Text);
        var scored = insert.Parameters.Add("$scored", SqliteType.Text);
        var expires = insert.Parameters.Add("$expires", SqliteType.Text);
        insert.Prepare();
        foreach (var entry in entries)
        {
            id.Value = entry.CustomerId;
            score.Value = entry.Score;
            numeric.Value = MemoryMarshal.AsBytes(entry.Features.Numeric.AsSpan()).ToArray();
            categorical.Value = JsonSerializer.Serialize(entry.Features.Categorical);
            scored.Value = entry.ScoredAt.UtcDateTime.ToString("O");
            expires.Value = entry.ExpiresAt.UtcDateTime.ToString("O");
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Unexpired entries of the snapshot if it was written by <paramref name="model"/> version <paramref name="version"/>.</summary>
    public async Task<IReadOnlyList<RiskCacheEntry>> LoadAsync(string model, int version, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _loads);
        if (!File.Exists(DatabasePath))
        {
            return [];
        }

        await using var connection = Open();
        FeatureLayout featureLayout;
        await using (var meta = connection.CreateCommand())
        {
            meta.CommandText = "SELECT inputs FROM snapshot_meta WHERE id = 1 AND model = $model AND version = $version";
            meta.Parameters.AddWithValue("$model", model);
            meta.Parameters.AddWithValue("$version", version);
            if (await meta.ExecuteScalarAsync(cancellationToken) is not string inputs)
            {
                return [];
            }

            featureLayout = new FeatureLayout(JsonSerializer.Deserialize<List<FeatureRef>>(inputs) ?? []);
        }

        var entries = new List<RiskCacheEntry>();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT customer_id, score, numeric, categorical, scored_at, expires_at FROM entries WHERE expires_at > $now";
        read.Parameters.AddWithValue("$now", now.UtcDateTime.ToString("O"));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var numeric = MemoryMarshal.Cast<byte, double>((byte[])reader.GetValue(2)).ToArray();
            var categorical = JsonSerializer.Deserialize<string?[]>(reader.GetString(3)) ?? [];
            entries.Add(new RiskCacheEntry(reader.GetString(0), reader.GetDouble(1), model, version, "champion", featureLayout,
                new FeatureVector(numeric, categorical), null,
                DateTimeOffset.Parse(reader.GetString(4), System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(reader.GetString(5), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return entries;
    }

    public DateTime? LastWrite => File.Exists(DatabasePath) ? File.GetLastWriteTimeUtc(DatabasePath) : null;

    /// <summary>
    /// The snapshot's write time when this process saved it last: its entries are already in this
    /// process's cache, so the refresh loop must not reload them (500K entries is seconds of CPU taken
    /// from live requests right after every nightly re-scoring).
    /// </summary>
    public DateTime? OwnWrite { get; private set; }

    /// <summary>Snapshots loaded by this process (a reload after its own save would show here).</summary>
    internal int Loads => _loads;

    private int _loads;

    /// <summary>Records that the snapshot now on disk was written by this process.</summary>
    public void MarkOwnWrite() => OwnWrite = LastWrite;
}
