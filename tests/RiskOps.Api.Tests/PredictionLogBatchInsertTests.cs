using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using RiskOps.Api.Logging;
using RiskOps.Api.Models;
using RiskOps.Core.Modeling;

namespace RiskOps.Api.Tests;

/// <summary>
/// The prediction log's raw-API insert against an independent recomputation of every column: the timestamp's
/// round-trip format, the HMAC pseudonym, UTF-8 text (non-ASCII and longer than the reused buffer), JSON features as
/// TEXT, NaN output as NULL, numbers as numbers.
/// </summary>
public sealed class PredictionLogBatchInsertTests
{
    [Fact]
    public void Write_StoresEveryColumnAsTheOracleComputesIt()
    {
        var path = Path.Combine(Path.GetTempPath(), "riskops-predlog-" + Guid.NewGuid().ToString("N") + ".sqlite");
        try
        {
            var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
            var layout = new FeatureLayout([new FeatureRef("speeding", FeatureKind.Numeric), new FeatureRef("région", FeatureKind.Categorical)]);
            var features = new LoggedFeatures(layout, new FeatureVector([0.25], ["nörd \"x\""]));
            var at = new DateTimeOffset(2026, 11, 23, 7, 30, 1, TimeSpan.FromHours(2)).AddTicks(1234567);
            PredictionLogEntry[] entries =
            [
                new("0HN1:00000001", "customer-risk", "C000001", "crai", 3, "champion", features, 0.42, 0.731, true, false, at),
                new("req-é-中", "claim", "K-éé", "claims_triage", 12, "challenger:" + new string('x', 400), null, double.NaN, 12.5, false, true, at.AddDays(-400)),
            ];

            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using var setup = connection.CreateCommand();
                setup.CommandText = """
                    CREATE TABLE prediction_log(id INTEGER PRIMARY KEY, at TEXT NOT NULL, request_id TEXT NOT NULL, endpoint TEXT NOT NULL,
                      entity_pseudonym TEXT NOT NULL, model TEXT NOT NULL, version INTEGER NOT NULL, variant TEXT NOT NULL,
                      features TEXT, output REAL, latency_ms REAL NOT NULL, cache_hit INTEGER NOT NULL, degraded INTEGER NOT NULL);
                    """;
                setup.ExecuteNonQuery();
                using var insert = new PredictionLogBatchInsert(connection, new Pseudonymizer(key));
                insert.Write([entries[0]]);
                insert.Write([.. entries]); // the statement is reused across batches
            }

            using var db = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
            db.Open();
            using var read = db.CreateCommand();
            read.CommandText = """
                SELECT at, request_id, endpoint, entity_pseudonym, model, version, variant, features, typeof(features), output, latency_ms,
                  cache_hit, degraded, typeof(version), typeof(output) FROM prediction_log ORDER BY id
                """;
            using var reader = read.ExecuteReader();
            foreach (var e in (PredictionLogEntry[])[entries[0], .. entries])
            {
                Assert.True(reader.Read());
                Assert.Equal(e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), reader.GetString(0));
                Assert.Equal(e.RequestId, reader.GetString(1));
                Assert.Equal(e.Endpoint, reader.GetString(2));
                var hmac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(e.EntityId));
                Assert.Equal(Convert.ToHexStringLower(hmac, 0, 16), reader.GetString(3));
                Assert.Equal(e.Model, reader.GetString(4));
                Assert.Equal(e.Version, reader.GetInt32(5));
                Assert.Equal(e.Variant, reader.GetString(6));
                if (e.Features is null)
                {
                    Assert.True(reader.IsDBNull(7));
                }
                else
                {
                    Assert.Equal("text", reader.GetString(8));
                    // What the log stored before (LoggedFeatures.ToUtf8Json, checked against System.Text.Json in RiskAnswerJsonTests).
                    var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                    using var writer = new System.Text.Json.Utf8JsonWriter(buffer);
                    Assert.Equal(Encoding.UTF8.GetString(e.Features.ToUtf8Json(buffer, writer)), reader.GetString(7));
                }

                Assert.Equal(double.IsFinite(e.Output), !reader.IsDBNull(9));
                if (double.IsFinite(e.Output))
                {
                    Assert.Equal(e.Output, reader.GetDouble(9));
                }

                Assert.Equal(e.LatencyMs, reader.GetDouble(10));
                Assert.Equal(e.CacheHit ? 1 : 0, reader.GetInt32(11));
                Assert.Equal(e.Degraded ? 1 : 0, reader.GetInt32(12));
                Assert.Equal("integer", reader.GetString(13));
            }

            Assert.False(reader.Read());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public void Pseudonym_StringAndSpanAgree()
    {
        var pseudonymizer = new Pseudonymizer(new byte[32]);
        Span<byte> utf8 = stackalloc byte[Pseudonymizer.Length];
        foreach (var id in new[] { "C000001", "", "é中", new string('x', 300) })
        {
            pseudonymizer.Pseudonym(id, utf8);
            Assert.Equal(pseudonymizer.Pseudonym(id), Encoding.ASCII.GetString(utf8));
            Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(new byte[32], Encoding.UTF8.GetBytes(id)), 0, 16), pseudonymizer.Pseudonym(id));
        }
    }
}
