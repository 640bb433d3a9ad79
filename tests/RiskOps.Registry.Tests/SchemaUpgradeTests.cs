using Microsoft.Data.Sqlite;
using RiskOps.Core.Storage;
using RiskOps.Registry.Sqlite;

namespace RiskOps.Registry.Tests;

public sealed class SchemaUpgradeTests
{
    [Fact]
    public async Task Open_RegistryFromSchemaOne_AddsAndBackfillsContentHashes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var temp = await TempRegistry.CreateAsync();
        var registered = await temp.RegisterAsync("crai", 0.8);
        // Turn the database back into schema 1 (before content hashes), as a registry created by the first merged version.
        var old = Path.Combine(temp.Root, "old");
        var layout = DataLayout.Open(old);
        CopyDirectory(temp.Layout.RegistryDir, layout.RegistryDir);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(layout.RegistryDir, "registry.sqlite")};Pooling=False"))
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP INDEX ix_versions_content; ALTER TABLE versions DROP COLUMN content_hash; ALTER TABLE versions DROP COLUMN size_bytes; PRAGMA user_version = 0;";
            await command.ExecuteNonQueryAsync(ct);
        }

        var upgraded = await SqliteModelRegistry.OpenAsync(layout, cancellationToken: ct);
        var version = await upgraded.GetVersionAsync("crai", 1, ct);

        Assert.Equal(registered.ContentHash, version.ContentHash);
        Assert.Equal(registered.SizeBytes, version.SizeBytes);
        Assert.True((await upgraded.VerifyArtifactAsync("crai", 1, ct)).IsIntact);
        Assert.True((await upgraded.AuditLog.VerifyAsync(cancellationToken: ct)).IsIntact);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
