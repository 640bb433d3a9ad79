using Microsoft.Data.Sqlite;
using RiskOps.Registry.Audit;
using RiskOps.Registry.Promotion;

namespace RiskOps.Registry.Tests;

public sealed class AuditLogTests
{
    [Fact]
    public async Task Verify_UntouchedLog_IsIntactAndCoversEveryChange()
    {
        await using var temp = await PopulatedAsync();
        var ct = TestContext.Current.CancellationToken;

        var verification = await temp.Registry.AuditLog.VerifyAsync(cancellationToken: ct);
        var entries = await temp.Registry.AuditLog.ListAsync(cancellationToken: ct);

        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(entries.Count, verification.EntriesChecked);
        Assert.Equal(["register", "register", "register", "promote", "alias", "promote", "alias", "rollback"], entries.Reverse().Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(64, e.Hash.Length));
        Assert.Equal(entries[0].Hash, verification.HeadHash);
    }

    [Theory]
    [InlineData("actor", "mallory")]
    [InlineData("new_value", "v9")]
    [InlineData("at", "2020-01-01T00:00:00.0000000+00:00")]
    [InlineData("reason", "nothing to see")]
    public async Task Verify_EditedRow_IsDetectedAtThatRow(string column, string value)
    {
        await using var temp = await PopulatedAsync();
        var ct = TestContext.Current.CancellationToken;

        await TamperAsync(temp, $"UPDATE audit_log SET {column} = $value WHERE seq = 4", ("$value", (object)value));
        var verification = await temp.Registry.AuditLog.VerifyAsync(cancellationToken: ct);

        Assert.False(verification.IsIntact);
        Assert.Equal(4, verification.FirstBrokenSequence);
        Assert.Contains("altered", verification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EditedRowWithRecomputedHash_IsDetectedAtTheNextRow()
    {
        await using var temp = await PopulatedAsync();
        var ct = TestContext.Current.CancellationToken;
        var row = (await temp.Registry.AuditLog.ListAsync(cancellationToken: ct)).Single(e => e.Sequence == 4);
        // The documented chain format, recomputed here independently of the implementation: SHA-256 of
        // previous hash + "\n" + JSON array [seq, at, actor, action, subject, previous, new, reason].
        var content = System.Text.Json.JsonSerializer.Serialize(new object?[]
        {
            row.Sequence, row.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture), "mallory", row.Action, row.Subject,
            row.PreviousValue, row.NewValue, row.Reason,
        });
        var forged = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(row.PreviousHash + "\n" + content)));

        await TamperAsync(temp, "UPDATE audit_log SET actor = 'mallory', hash = $hash WHERE seq = 4", ("$hash", (object)forged));
        var verification = await temp.Registry.AuditLog.VerifyAsync(cancellationToken: ct);

        Assert.False(verification.IsIntact);
        Assert.Equal(5, verification.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_DeletedMiddleRow_IsDetected()
    {
        await using var temp = await PopulatedAsync();
        var ct = TestContext.Current.CancellationToken;

        await TamperAsync(temp, "DELETE FROM audit_log WHERE seq = 3");
        var verification = await temp.Registry.AuditLog.VerifyAsync(cancellationToken: ct);

        Assert.False(verification.IsIntact);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Contains("missing", verification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DeletedNewestRows_IsDetected()
    {
        await using var temp = await PopulatedAsync();
        var ct = TestContext.Current.CancellationToken;

        await TamperAsync(temp, "DELETE FROM audit_log WHERE seq >= 6");
        var verification = await temp.Registry.AuditLog.VerifyAsync(cancellationToken: ct);

        Assert.False(verification.IsIntact);
        Assert.Equal(6, verification.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_TailRewrittenWithCounterReset_IsDetectedAgainstKeptHead()
    {
        await using var temp = await PopulatedAsync();
        var ct = TestContext.Current.CancellationToken;
        var kept = await temp.Registry.AuditLog.VerifyAsync(cancellationToken: ct);

        await TamperAsync(temp, "DELETE FROM audit_log WHERE seq = 8; UPDATE sqlite_sequence SET seq = 7 WHERE name = 'audit_log'");
        var withoutAnchor = await temp.Registry.AuditLog.VerifyAsync(cancellationToken: ct);
        var withAnchor = await temp.Registry.AuditLog.VerifyAsync(kept.HeadSequence, kept.HeadHash, ct);

        Assert.True(withoutAnchor.IsIntact); // a consistent truncation needs an outside anchor to be seen
        Assert.False(withAnchor.IsIntact);
        Assert.Contains("kept head", withAnchor.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_FromAnotherPart_ChainsWithRegistryEntries()
    {
        await using var temp = await PopulatedAsync();
        var ct = TestContext.Current.CancellationToken;
        var log = await AuditLog.OpenAsync(temp.Registry.DatabasePath, temp.Time, ct);

        var appended = await log.AppendAsync(new AuditEntry("api-admin", "threshold", "serving/crai/threshold", "0.5", "0.45", "review load"), ct);

        Assert.Equal(9, appended.Sequence);
        Assert.True((await temp.Registry.AuditLog.VerifyAsync(cancellationToken: ct)).IsIntact);
        Assert.Equal("threshold", (await temp.Registry.AuditLog.ListAsync("serving/", 10, ct)).Single().Action);
    }

    [Fact]
    public async Task Verify_EmptyLog_IsIntact()
    {
        await using var temp = await TempRegistry.CreateAsync();

        var verification = await temp.Registry.AuditLog.VerifyAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(verification.IsIntact);
        Assert.Equal((0L, AuditLog.GenesisHash), (verification.HeadSequence, verification.HeadHash));
    }

    private static async Task<TempRegistry> PopulatedAsync()
    {
        var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.80);
        await temp.RegisterAsync("crai", 0.85);
        await temp.RegisterAsync("crai", 0.90);
        await temp.Registry.PromoteAsync("crai", 1, new PromotionRequest(Actor: "alice"), ct);
        await temp.Registry.SetAliasAsync("crai", "challenger", 2, "alice", ct);
        await temp.Registry.PromoteAsync("crai", 2, new PromotionRequest(Actor: "alice"), ct);
        await temp.Registry.RollbackAsync("crai", "bob", "regression", ct);
        return temp;
    }

    private static async Task TamperAsync(TempRegistry temp, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={temp.Registry.DatabasePath};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        Assert.True(await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken) > 0);
    }
}
