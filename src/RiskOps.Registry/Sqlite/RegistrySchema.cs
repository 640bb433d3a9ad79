using Microsoft.Data.Sqlite;

namespace RiskOps.Registry.Sqlite;

/// <summary>The registry's tables. The partial unique index makes "one Production per model" a database rule, not just a code path.</summary>
internal static class RegistrySchema
{
    public static Task EnsureAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        SqliteDatabase.ExecuteAsync(connection, null, """
            PRAGMA journal_mode = WAL;
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
            """, cancellationToken);
}
