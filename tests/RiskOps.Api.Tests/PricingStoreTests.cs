using Microsoft.Data.Sqlite;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RiskOps.Api.Observability;
using RiskOps.Api.Pricing;
using RiskOps.Api.Risk;
using RiskOps.Core.Storage;

namespace RiskOps.Api.Tests;

/// <summary>The pricing store commits every quote to its WAL and checkpoints it into the database file on its timer, never in a quote.</summary>
public sealed class PricingStoreTests
{
    [Fact]
    public async Task Quotes_StayInTheWal_UntilTheTimerCheckpointsThem()
    {
        var root = Path.Combine(Path.GetTempPath(), "riskops-pricing-" + Guid.NewGuid().ToString("N"));
        var ct = TestContext.Current.CancellationToken;
        try
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 4, 0, 0, TimeSpan.Zero));
            using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
            using var store = new PricingStore(DataLayout.Open(root), time, new ServingMetrics(meters.GetRequiredService<IMeterFactory>()),
                NullLogger<PricingStore>.Instance);
            const int Quotes = 1_500; // more WAL pages than SQLite's automatic checkpoint threshold (1,000)
            for (var i = 0; i < Quotes; i++)
            {
                await store.SaveQuoteAsync(Quote(i, time.GetUtcNow()), null, "[]", ct);
            }

            // No checkpoint yet: the database file alone (what a copy without its -wal would hold) has no quotes.
            Assert.Equal(0, CountInMainFile(store.DatabasePath, root, "before"));

            time.Advance(PricingStore.CheckpointInterval);
            Assert.Equal(Quotes, CountInMainFile(store.DatabasePath, root, "after"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static QuoteResponse Quote(int i, DateTimeOffset at) =>
        new($"q-{i:D6}", $"C{i:D6}", "B0001", "car", at.AddMinutes(10), at.AddMinutes(40), 0.3, 0.33, 9.9, "EUR",
            [new PriceFactor("risk", 1.1, "medium")], new ModelRef("crai", 1), "champion", false, at);

    /// <summary>Quotes in a copy of the database file made without its WAL.</summary>
    private static long CountInMainFile(string path, string root, string name)
    {
        var copy = Path.Combine(root, name + ".sqlite");
        File.Copy(path, copy);
        using var connection = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'quotes'";
        if ((long)count.ExecuteScalar()! == 0)
        {
            return 0;
        }

        count.CommandText = "SELECT count(*) FROM quotes";
        return (long)count.ExecuteScalar()!;
    }
}
