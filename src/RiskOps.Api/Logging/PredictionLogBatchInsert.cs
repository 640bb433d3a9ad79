using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RiskOps.Api.Logging;

/// <summary>
/// Writes prediction log batches (one transaction each) through one prepared INSERT. It binds through SQLite's C API
/// (SQLitePCLRaw, the library under Microsoft.Data.Sqlite) rather than <see cref="SqliteCommand"/>: the command's
/// parameter values are objects (every number boxed, the features copied into a fresh array) and each execution creates
/// a data reader, about 2 KB of garbage per row. At 10,000+ logged predictions a second that garbage set how often the
/// service's gen-0 collections interrupted requests. Here text is encoded into a reused buffer and bound as a span (SQLite
/// copies it), numbers are bound as numbers, and a row allocates nothing. Synchronous on purpose: SQLite is synchronous.
/// </summary>
internal sealed class PredictionLogBatchInsert : IDisposable
{
    private const string Sql = """
        INSERT INTO prediction_log(at, request_id, endpoint, entity_pseudonym, model, version, variant, features, output, latency_ms, cache_hit, degraded)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
        """;

    private readonly SqliteConnection _connection;
    private readonly Pseudonymizer _pseudonymizer;
    private readonly sqlite3_stmt _insert;
    private readonly ArrayBufferWriter<byte> _json = new(4096);
    private readonly Utf8JsonWriter _jsonWriter;
    private byte[] _text = new byte[256];

    public PredictionLogBatchInsert(SqliteConnection connection, Pseudonymizer pseudonymizer)
    {
        _connection = connection;
        _pseudonymizer = pseudonymizer;
        _jsonWriter = new Utf8JsonWriter(_json);
        Check(raw.sqlite3_prepare_v2(connection.Handle, Sql, out _insert));
    }

    public void Write(List<PredictionLogEntry> batch)
    {
        using var transaction = _connection.BeginTransaction();
        Span<byte> at = stackalloc byte[40];
        Span<byte> pseudonym = stackalloc byte[Pseudonymizer.Length];
        foreach (var e in batch)
        {
            if (!e.At.UtcDateTime.TryFormat(at, out var atLength, "O", System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("timestamp did not fit its buffer");
            }

            _pseudonymizer.Pseudonym(e.EntityId, pseudonym);
            Check(raw.sqlite3_bind_text(_insert, 1, at[..atLength]));
            BindText(2, e.RequestId);
            BindText(3, e.Endpoint);
            Check(raw.sqlite3_bind_text(_insert, 4, pseudonym));
            BindText(5, e.Model);
            Check(raw.sqlite3_bind_int64(_insert, 6, e.Version));
            BindText(7, e.Variant);
            if (e.Features is null)
            {
                Check(raw.sqlite3_bind_null(_insert, 8));
            }
            else
            {
                // JSON text (queryable with json_extract), bound as UTF-8 straight from the writer's buffer.
                Check(raw.sqlite3_bind_text(_insert, 8, e.Features.WriteUtf8Json(_json, _jsonWriter)));
            }

            Check(double.IsFinite(e.Output) ? raw.sqlite3_bind_double(_insert, 9, e.Output) : raw.sqlite3_bind_null(_insert, 9));
            Check(raw.sqlite3_bind_double(_insert, 10, e.LatencyMs));
            Check(raw.sqlite3_bind_int(_insert, 11, e.CacheHit ? 1 : 0));
            Check(raw.sqlite3_bind_int(_insert, 12, e.Degraded ? 1 : 0));
            var step = raw.sqlite3_step(_insert);
            raw.sqlite3_reset(_insert);
            if (step != raw.SQLITE_DONE)
            {
                Check(step);
            }
        }

        transaction.Commit();
    }

    /// <summary>Binds <paramref name="value"/> as UTF-8 text encoded into a reused buffer (SQLite copies bound spans).</summary>
    private void BindText(int index, string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > _text.Length)
        {
            _text = new byte[Math.Max(max, _text.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(value, _text);
        Check(raw.sqlite3_bind_text(_insert, index, _text.AsSpan(0, length)));
    }

    private void Check(int rc)
    {
        if (rc is not raw.SQLITE_OK and not raw.SQLITE_DONE and not raw.SQLITE_ROW)
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }
    }

    public void Dispose()
    {
        _insert.Dispose();
        _jsonWriter.Dispose();
    }
}
