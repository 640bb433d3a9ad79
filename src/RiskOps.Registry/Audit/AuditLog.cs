using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RiskOps.Registry.Sqlite;

namespace RiskOps.Registry.Audit;

/// <summary>
/// Append-only, hash-chained log of administrative changes in a SQLite table. Each entry stores the
/// SHA-256 of the previous entry's hash plus its own content, so editing or deleting any row breaks
/// the chain and <see cref="VerifyAsync"/> reports where. Appends are serialised by an immediate
/// transaction, so concurrent writers (other processes included) keep one chain.
/// </summary>
public sealed class AuditLog
{
    /// <summary>The previous hash of the first entry.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private const string Columns = "seq, at, actor, action, subject, previous_value, new_value, reason, previous_hash, hash";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    private AuditLog(SqliteDatabase database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>Opens (creating if needed) the audit log stored in the SQLite file at <paramref name="databasePath"/>.</summary>
    public static async Task<AuditLog> OpenAsync(string databasePath, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var log = new AuditLog(new SqliteDatabase(databasePath), timeProvider ?? TimeProvider.System);
        await using var connection = await log._database.OpenAsync(cancellationToken);
        await SqliteDatabase.ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        await EnsureSchemaAsync(connection, null, cancellationToken);
        return log;
    }

    internal static AuditLog Create(SqliteDatabase database, TimeProvider timeProvider) => new(database, timeProvider);

    internal static Task EnsureSchemaAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        SqliteDatabase.ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS audit_log (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                previous_value TEXT,
                new_value TEXT,
                reason TEXT,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_audit_subject ON audit_log(subject);
            """, cancellationToken);

    /// <summary>Appends one entry in its own transaction and returns it as stored.</summary>
    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var record = await AppendAsync(connection, transaction, entry, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record;
    }

    /// <summary>Appends inside the caller's (immediate) transaction, so the change and its audit entry commit together.</summary>
    internal async Task<AuditRecord> AppendAsync(SqliteConnection connection, SqliteTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Action);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Subject);

        long lastSeq = 0;
        var lastHash = GenesisHash;
        await using (var last = connection.CreateCommand())
        {
            last.Transaction = transaction;
            last.CommandText = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
            await using var reader = await last.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                lastSeq = reader.GetInt64(0);
                lastHash = reader.GetString(1);
            }
        }

        var seq = lastSeq + 1;
        var at = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var hash = ComputeHash(lastHash, seq, at, entry.Actor, entry.Action, entry.Subject, entry.PreviousValue, entry.NewValue, entry.Reason);

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO audit_log ({Columns}) VALUES ($seq, $at, $actor, $action, $subject, $prev, $new, $reason, $prevHash, $hash)";
        insert.Parameters.AddWithValue("$seq", seq);
        insert.Parameters.AddWithValue("$at", at);
        insert.Parameters.AddWithValue("$actor", entry.Actor);
        insert.Parameters.AddWithValue("$action", entry.Action);
        insert.Parameters.AddWithValue("$subject", entry.Subject);
        insert.Parameters.AddWithValue("$prev", (object?)entry.PreviousValue ?? DBNull.Value);
        insert.Parameters.AddWithValue("$new", (object?)entry.NewValue ?? DBNull.Value);
        insert.Parameters.AddWithValue("$reason", (object?)entry.Reason ?? DBNull.Value);
        insert.Parameters.AddWithValue("$prevHash", lastHash);
        insert.Parameters.AddWithValue("$hash", hash);
        await insert.ExecuteNonQueryAsync(cancellationToken);

        return new AuditRecord(seq, DateTimeOffset.Parse(at, CultureInfo.InvariantCulture), entry.Actor, entry.Action, entry.Subject,
            entry.PreviousValue, entry.NewValue, entry.Reason, lastHash, hash);
    }

    /// <summary>
    /// Entries, newest first, optionally only those whose subject starts with <paramref name="subjectPrefix"/>
    /// (e.g. <c>model/crai/</c>).
    /// </summary>
    public async Task<IReadOnlyList<AuditRecord>> ListAsync(string? subjectPrefix = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM audit_log WHERE $prefix IS NULL OR substr(subject, 1, length($prefix)) = $prefix ORDER BY seq DESC LIMIT $limit";
        command.Parameters.AddWithValue("$prefix", (object?)subjectPrefix ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }
        return records;
    }

    /// <summary>
    /// Recomputes the whole chain: every sequence present from 1 without gaps, every entry's hash matching
    /// its content and its predecessor. Deleting the newest entries is caught by SQLite's AUTOINCREMENT
    /// counter; pass a head kept elsewhere (<paramref name="expectedHeadSequence"/>, <paramref name="expectedHeadHash"/>)
    /// to catch a rewrite of the tail as well.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(long? expectedHeadSequence = null, string? expectedHeadHash = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        // One read transaction so a concurrent append cannot make a consistent log look broken.
        await using var transaction = connection.BeginTransaction(deferred: true);
        long checkedCount = 0;
        long expectedSeq = 1;
        var previousHash = GenesisHash;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT {Columns} FROM audit_log ORDER BY seq";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var seq = reader.GetInt64(0);
                var at = reader.GetString(1);
                checkedCount++;
                if (seq != expectedSeq)
                {
                    return Broken(checkedCount, expectedSeq, $"audit entry {expectedSeq} is missing (next present is {seq})", previousHash, expectedSeq - 1);
                }
                var storedPrevious = reader.GetString(8);
                var storedHash = reader.GetString(9);
                if (!string.Equals(storedPrevious, previousHash, StringComparison.Ordinal))
                {
                    return Broken(checkedCount, seq, $"audit entry {seq} does not chain to entry {seq - 1} (previous hash differs)", previousHash, seq - 1);
                }
                var recomputed = ComputeHash(previousHash, seq, at, reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    NullableString(reader, 5), NullableString(reader, 6), NullableString(reader, 7));
                if (!string.Equals(recomputed, storedHash, StringComparison.Ordinal))
                {
                    return Broken(checkedCount, seq, $"audit entry {seq} was altered (its content no longer matches its hash)", previousHash, seq - 1);
                }
                previousHash = storedHash;
                expectedSeq++;
            }
        }

        var head = expectedSeq - 1;
        await using (var counter = connection.CreateCommand())
        {
            counter.Transaction = transaction;
            counter.CommandText = "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'";
            var highest = await counter.ExecuteScalarAsync(cancellationToken) is long value ? value : 0;
            if (highest > head)
            {
                return Broken(checkedCount, head + 1, $"audit entries {head + 1}..{highest} were deleted from the end of the log", previousHash, head);
            }
        }
        if (expectedHeadSequence is { } anchorSeq)
        {
            if (head < anchorSeq)
            {
                return Broken(checkedCount, head + 1, $"the log ends at entry {head} but the kept head is entry {anchorSeq}", previousHash, head);
            }
            if (expectedHeadHash is not null && !string.Equals(await HashAtAsync(connection, transaction, anchorSeq, cancellationToken), expectedHeadHash, StringComparison.Ordinal))
            {
                return Broken(checkedCount, anchorSeq, $"audit entry {anchorSeq} no longer has the kept head hash", previousHash, head);
            }
        }
        return new AuditVerification(true, checkedCount, null, $"audit log intact: {checkedCount} entries, head {Short(previousHash)}", head, previousHash);
    }

    private static async Task<string?> HashAtAsync(SqliteConnection connection, SqliteTransaction transaction, long seq, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT hash FROM audit_log WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", seq);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static AuditVerification Broken(long checkedCount, long seq, string message, string headHash, long headSeq) =>
        new(false, checkedCount, seq, message, headSeq, headHash);

    private static string Short(string hash) => hash[..12];

    /// <summary>SHA-256 over the previous hash and a JSON array of the entry's fields: unambiguous, whatever the fields contain.</summary>
    internal static string ComputeHash(string previousHash, long seq, string at, string actor, string action, string subject, string? previousValue, string? newValue, string? reason)
    {
        var content = JsonSerializer.Serialize(new object?[] { seq, at, actor, action, subject, previousValue, newValue, reason });
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + "\n" + content));
        return Convert.ToHexStringLower(bytes);
    }

    private static AuditRecord Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        NullableString(reader, 5),
        NullableString(reader, 6),
        NullableString(reader, 7),
        reader.GetString(8),
        reader.GetString(9));

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
