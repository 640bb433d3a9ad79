using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RiskOps.Lakehouse.Catalog;

/// <summary>
/// The lakehouse catalog in SQLite: which bronze batches exist, which silver runs committed, quality
/// reports and gold builds. A batch or run is visible only once its catalog row is committed; files
/// on disk without a committed row are leftovers of a crash and are removed on startup.
/// </summary>
internal sealed class LakehouseCatalog : IDisposable
{
    private readonly SqliteConnection _connection;

    private LakehouseCatalog(SqliteConnection connection) => _connection = connection;

    public static LakehouseCatalog Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS batches (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                batch_id TEXT NOT NULL UNIQUE,
                source TEXT NOT NULL,
                source_file TEXT NOT NULL,
                content_hash TEXT NOT NULL UNIQUE,
                rows INTEGER NOT NULL,
                ingested_at TEXT NOT NULL,
                silver_run INTEGER NULL);
            CREATE TABLE IF NOT EXISTS silver_runs (
                run_id INTEGER PRIMARY KEY AUTOINCREMENT,
                source TEXT NOT NULL,
                started_at TEXT NOT NULL,
                committed_at TEXT NULL);
            CREATE TABLE IF NOT EXISTS quality_reports (
                batch_id TEXT PRIMARY KEY,
                source TEXT NOT NULL,
                rows_in INTEGER NOT NULL, rows_out INTEGER NOT NULL, quarantined INTEGER NOT NULL, duplicates INTEGER NOT NULL,
                completeness REAL NOT NULL, validity REAL NOT NULL, uniqueness REAL NOT NULL, freshness_hours REAL NULL,
                created_at TEXT NOT NULL, parked INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS quarantine_reasons (
                batch_id TEXT NOT NULL, reason TEXT NOT NULL, rows INTEGER NOT NULL, PRIMARY KEY (batch_id, reason));
            CREATE TABLE IF NOT EXISTS gold_builds (
                build_id INTEGER PRIMARY KEY AUTOINCREMENT,
                last_silver_run INTEGER NOT NULL,
                built_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS retention_log (
                dropped_at TEXT NOT NULL, path TEXT NOT NULL, month TEXT NOT NULL, keep_from TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
        // Added when bronze started writing the batches of one ingest run and source into one folder.
        command.CommandText = "SELECT count(*) FROM pragma_table_info('batches') WHERE name = 'bronze_dir'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            command.CommandText = "ALTER TABLE batches ADD COLUMN bronze_dir TEXT NULL";
            command.ExecuteNonQuery();
        }
        return new LakehouseCatalog(connection);
    }

    public bool HasHash(string contentHash)
    {
        using var command = Command("SELECT 1 FROM batches WHERE content_hash = $h", ("$h", contentHash));
        return command.ExecuteScalar() is not null;
    }

    /// <summary>
    /// Inserts the rows of batches written together into one bronze folder, runs <paramref name="publish"/> (the
    /// rename into place) and commits; if publishing fails the rows are rolled back, so the catalog never names a
    /// batch that is not on disk, and never half of the batches of a folder.
    /// </summary>
    public void CommitBatches(IReadOnlyList<(string BatchId, string SourceFile, string ContentHash, long Rows, DateTimeOffset IngestedAt)> batches, string source, string bronzeDir, Action publish)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var b in batches)
        {
            Execute(transaction,
                "INSERT INTO batches (batch_id, source, source_file, content_hash, rows, ingested_at, bronze_dir) VALUES ($b, $s, $f, $h, $r, $t, $d)",
                ("$b", b.BatchId), ("$s", source), ("$f", b.SourceFile), ("$h", b.ContentHash), ("$r", b.Rows), ("$t", Format(b.IngestedAt)), ("$d", bronzeDir));
        }
        publish();
        transaction.Commit();
    }

    public IReadOnlyList<BatchRecord> Batches(string? source = null, bool pendingOnly = false)
    {
        var sql = "SELECT seq, batch_id, source, source_file, content_hash, rows, ingested_at, silver_run, bronze_dir FROM batches WHERE 1 = 1";
        var parameters = new List<(string, object)>();
        if (source is not null)
        {
            sql += " AND source = $s";
            parameters.Add(("$s", source));
        }
        if (pendingOnly)
        {
            sql += " AND silver_run IS NULL";
        }
        using var command = Command(sql + " ORDER BY seq", [.. parameters]);
        using var reader = command.ExecuteReader();
        var list = new List<BatchRecord>();
        while (reader.Read())
        {
            list.Add(new BatchRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt64(5), Parse(reader.GetString(6)), reader.IsDBNull(7) ? null : reader.GetInt64(7))
            {
                BronzeDir = reader.IsDBNull(8) ? reader.GetString(1) : reader.GetString(8),
            });
        }
        return list;
    }

    public long BeginSilverRun(string source, DateTimeOffset now)
    {
        using var command = Command("INSERT INTO silver_runs (source, started_at) VALUES ($s, $t) RETURNING run_id", ("$s", source), ("$t", Format(now)));
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Run ids that were started but never committed: their files must not be visible.</summary>
    public IReadOnlyList<long> UncommittedRuns()
    {
        using var command = Command("SELECT run_id FROM silver_runs WHERE committed_at IS NULL");
        using var reader = command.ExecuteReader();
        var list = new List<long>();
        while (reader.Read())
        {
            list.Add(reader.GetInt64(0));
        }
        return list;
    }

    public void ForgetRun(long runId)
    {
        using var command = Command("DELETE FROM silver_runs WHERE run_id = $r AND committed_at IS NULL", ("$r", runId));
        command.ExecuteNonQuery();
    }

    /// <summary>The latest committed silver run of one source, 0 if none.</summary>
    public long LastCommittedRun(string source)
    {
        using var command = Command("SELECT coalesce(max(run_id), 0) FROM silver_runs WHERE committed_at IS NOT NULL AND source = $s", ("$s", source));
        return (long)command.ExecuteScalar()!;
    }

    public long LastCommittedRun()
    {
        using var command = Command("SELECT coalesce(max(run_id), 0) FROM silver_runs WHERE committed_at IS NOT NULL");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Marks the batches processed, stores their reports and commits the run, all in one transaction.</summary>
    public void CommitSilverRun(long runId, IReadOnlyList<QualityReport> reports, IReadOnlyList<QualityReport> carried,
        IReadOnlyList<(string BatchId, string Reason, long Rows)> reasons, DateTimeOffset now, Action publish)
    {
        using var transaction = _connection.BeginTransaction();
        // Rows parked by an earlier run and settled now: their batch's report moves from parked to out/quarantined.
        foreach (var c in carried)
        {
            Execute(transaction, """
                UPDATE quality_reports SET rows_out = rows_out + $o, quarantined = quarantined + $q, duplicates = duplicates + $d,
                       parked = parked - $i + $p WHERE batch_id = $b
                """,
                ("$o", c.RowsOut), ("$q", c.Quarantined), ("$d", c.Duplicates), ("$i", c.RowsIn), ("$p", c.Parked), ("$b", c.BatchId));
        }
        foreach (var r in reports)
        {
            Execute(transaction, "UPDATE batches SET silver_run = $r WHERE batch_id = $b", ("$r", runId), ("$b", r.BatchId));
            Execute(transaction, """
                INSERT OR REPLACE INTO quality_reports
                (batch_id, source, rows_in, rows_out, quarantined, duplicates, completeness, validity, uniqueness, freshness_hours, created_at, parked)
                VALUES ($b, $s, $i, $o, $q, $d, $c, $v, $u, $f, $t, $p)
                """,
                ("$b", r.BatchId), ("$s", r.Source), ("$i", r.RowsIn), ("$o", r.RowsOut), ("$q", r.Quarantined), ("$d", r.Duplicates),
                ("$c", r.Completeness), ("$v", r.Validity), ("$u", r.Uniqueness), ("$f", (object?)r.FreshnessHours ?? DBNull.Value), ("$t", Format(r.CreatedAt)), ("$p", r.Parked));
        }
        foreach (var (batchId, reason, rows) in reasons)
        {
            Execute(transaction, "INSERT INTO quarantine_reasons (batch_id, reason, rows) VALUES ($b, $r, $n) ON CONFLICT DO UPDATE SET rows = rows + excluded.rows", ("$b", batchId), ("$r", reason), ("$n", rows));
        }
        Execute(transaction, "UPDATE silver_runs SET committed_at = $t WHERE run_id = $r", ("$t", Format(now)), ("$r", runId));
        publish();
        transaction.Commit();
    }

    public IReadOnlyList<QualityReport> QualityReports(string? source = null)
    {
        using var command = source is null
            ? Command("SELECT q.* FROM quality_reports q JOIN batches b USING (batch_id) ORDER BY b.seq")
            : Command("SELECT q.* FROM quality_reports q JOIN batches b USING (batch_id) WHERE q.source = $s ORDER BY b.seq", ("$s", source));
        using var reader = command.ExecuteReader();
        var list = new List<QualityReport>();
        while (reader.Read())
        {
            list.Add(new QualityReport(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8), reader.IsDBNull(9) ? null : reader.GetDouble(9), Parse(reader.GetString(10)),
                reader.GetInt64(11)));
        }
        return list;
    }

    public IReadOnlyList<(string BatchId, string Reason, long Rows)> QuarantineReasons(string? source = null)
    {
        using var command = Command(
            "SELECT q.batch_id, q.reason, q.rows FROM quarantine_reasons q JOIN batches b USING (batch_id) WHERE $s IS NULL OR b.source = $s ORDER BY b.seq, q.rows DESC",
            ("$s", (object?)source ?? DBNull.Value));
        using var reader = command.ExecuteReader();
        var list = new List<(string, string, long)>();
        while (reader.Read())
        {
            list.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }
        return list;
    }

    public long LastGoldBuildRun()
    {
        using var command = Command("SELECT coalesce(max(last_silver_run), -1) FROM gold_builds");
        return (long)command.ExecuteScalar()!;
    }

    public void RecordGoldBuild(long lastSilverRun, DateTimeOffset now)
    {
        using var command = Command("INSERT INTO gold_builds (last_silver_run, built_at) VALUES ($r, $t)", ("$r", lastSilverRun), ("$t", Format(now)));
        command.ExecuteNonQuery();
    }

    public void RecordRetention(string path, string month, string keepFrom, DateTimeOffset now)
    {
        using var command = Command("INSERT INTO retention_log (dropped_at, path, month, keep_from) VALUES ($t, $p, $m, $k)",
            ("$t", Format(now)), ("$p", path), ("$m", month), ("$k", keepFrom));
        command.ExecuteNonQuery();
    }

    /// <summary>The oldest month retention keeps (<c>yyyy-MM</c>), or null if retention never ran.</summary>
    public string? RetentionKeepFrom()
    {
        using var command = Command("SELECT max(keep_from) FROM retention_log");
        return command.ExecuteScalar() as string;
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
