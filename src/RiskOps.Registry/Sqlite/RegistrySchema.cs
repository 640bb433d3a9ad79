using Microsoft.Data.Sqlite;

namespace RiskOps.Registry.Sqlite;

/// <summary>The registry's tables. The partial unique index makes "one Production per model" a database rule, not just a code path.</summary>
internal static class RegistrySchema
{
    /// <summary>Schema version kept in <c>PRAGMA user_version</c>; 2 added artifact content hashes.</summary>
    public const int Version = 2;

    /// <summary>
    /// Adds the content-hash columns to a registry created by schema 1 (the first merged version) and
    /// returns the versions whose hash must be backfilled from their artifacts.
    /// </summary>
    public static async Task<IReadOnlyList<(string Model, int Version)>> UpgradeAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var columns = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT name FROM pragma_table_info('versions')";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add(reader.GetString(0));
            }
        }
        if (columns.Count == 0 || columns.Contains("content_hash"))
        {
            return [];
        }
        await SqliteDatabase.ExecuteAsync(connection, transaction, """
            ALTER TABLE versions ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
            ALTER TABLE versions ADD COLUMN size_bytes INTEGER NOT NULL DEFAULT 0;
            """, cancellationToken);
        var pending = new List<(string, int)>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT model, version FROM versions";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pending.Add((reader.GetString(0), reader.GetInt32(1)));
            }
        }
        return pending;
    }

    public static Task EnsureAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        SqliteDatabase.ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS meta (
                key TEXT PRIMARY KEY,
                value INTEGER NOT NULL);
            INSERT OR IGNORE INTO meta (key, value) VALUES ('change_seq', 0);
            CREATE TABLE IF NOT EXISTS models (
                name TEXT PRIMARY KEY,
                created_at TEXT NOT NULL,
                generation INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS versions (
                model TEXT NOT NULL REFERENCES models(name),
                version INTEGER NOT NULL CHECK (version > 0),
                manifest TEXT NOT NULL,
                artifact_path TEXT NOT NULL,
                git_commit TEXT,
                registered_by TEXT NOT NULL,
                registered_at TEXT NOT NULL,
                stage TEXT NOT NULL CHECK (stage IN ('None', 'Staging', 'Production', 'Archived')),
                content_hash TEXT NOT NULL,
                size_bytes INTEGER NOT NULL,
                PRIMARY KEY (model, version));
            CREATE INDEX IF NOT EXISTS ix_versions_content ON versions(model, content_hash);
            CREATE UNIQUE INDEX IF NOT EXISTS ux_versions_one_production ON versions(model) WHERE stage = 'Production';
            CREATE TABLE IF NOT EXISTS aliases (
                model TEXT NOT NULL,
                alias TEXT NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (model, alias),
                FOREIGN KEY (model, version) REFERENCES versions(model, version));
            CREATE TABLE IF NOT EXISTS champion_history (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                model TEXT NOT NULL,
                version INTEGER NOT NULL,
                active INTEGER NOT NULL,
                forced INTEGER NOT NULL,
                actor TEXT NOT NULL,
                reason TEXT,
                at TEXT NOT NULL,
                FOREIGN KEY (model, version) REFERENCES versions(model, version));
            CREATE INDEX IF NOT EXISTS ix_champion_history_model ON champion_history(model, active, seq);
            PRAGMA user_version = 2;
            """, cancellationToken);
}
