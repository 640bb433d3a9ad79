using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskOps.Api.Hosting;
using RiskOps.Api.Logging;
using RiskOps.Api.Observability;
using RiskOps.Api.Risk;

namespace RiskOps.Api.Tests;

public sealed class JobsAndLogTests
{
    [Fact]
    public async Task Rescoring_ScoresEveryCustomerInBatches_AndSnapshotServesAnotherProcess()
    {
        var settings = new Dictionary<string, string> { ["RiskOps:Serving:RescoringBatchSize"] = "7" };
        await using var app = await ServingApp.CreateAsync(settings, customers: 30);
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.ClientAsync();
        var job = app.Services.GetRequiredService<RiskRescoringJob>();
        var progress = new List<long>();
        var report = await job.RunAsync(new Progress<long>(progress.Add), ct);
        Assert.Equal(30, report.Customers);
        Assert.Equal(1, report.Version);

        var cache = app.Services.GetRequiredService<RiskCache>();
        for (var i = 1; i <= 30; i++)
        {
            Assert.True(cache.TryGet(ServingApp.CustomerId(i), 1, "champion", out var entry));
            Assert.Equal(LogisticPredictor.Sigmoid(-1.0 + (3.0 * ((i % 10) / 10.0)) + (0.5 * (i % 4))), entry.Score, 6);
        }

        // Re-running is safe: same entries, same snapshot size.
        Assert.Equal(30, (await job.RunAsync(null, ct)).Customers);

        // The snapshot (what a service in another process loads) holds the same scores and inputs.
        var reads = app.Features.OnlineReads;
        var entries = await new RiskCacheSnapshotStore(app.Layout).LoadAsync("crai", 1, app.Time.GetUtcNow(), ct);
        Assert.Equal(30, entries.Count);
        foreach (var loaded in entries)
        {
            Assert.True(cache.TryGet(loaded.CustomerId, 1, "champion", out var live));
            Assert.Equal(live.Score, loaded.Score);
            Assert.Equal(live.Features.Numeric, loaded.Features.Numeric);
            Assert.Equal(live.Features.Categorical, loaded.Features.Categorical);
        }

        Assert.Empty(await new RiskCacheSnapshotStore(app.Layout).LoadAsync("crai", 2, app.Time.GetUtcNow(), ct));

        var hit = await ServingApp.JsonAsync(await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = "C000009" }, ct));
        Assert.True(hit.GetProperty("cache_hit").GetBoolean());
        Assert.NotEqual(0, hit.GetProperty("top_factors").GetArrayLength());
        Assert.Equal(reads, app.Features.OnlineReads);
    }

    [Fact]
    public async Task Refresh_AfterInProcessRescoring_DoesNotReloadOwnSnapshot_ButLoadsAnotherProcesssWrite()
    {
        await using var app = await ServingApp.CreateAsync(customers: 20);
        var ct = TestContext.Current.CancellationToken;
        var store = app.Services.GetRequiredService<RiskCacheSnapshotStore>();
        await app.Services.GetRequiredService<RiskRescoringJob>().RunAsync(null, ct);
        var loads = store.Loads;

        await app.RefreshAsync();

        Assert.Equal(loads, store.Loads);

        // Another process rewriting the snapshot (seen as a newer write time) is loaded.
        File.SetLastWriteTimeUtc(store.DatabasePath, File.GetLastWriteTimeUtc(store.DatabasePath).AddSeconds(5));
        await app.RefreshAsync();

        Assert.Equal(loads + 1, store.Loads);
    }

    [Fact]
    public async Task PredictionLog_WritesPseudonymizedEntries()
    {
        await using var app = await ServingApp.CreateAsync(customers: 5);
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.ClientAsync();
        for (var i = 1; i <= 5; i++)
        {
            await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = ServingApp.CustomerId(i) }, ct);
        }

        await client.PostAsJsonAsync("/api/v1/predict/customer-risk", new { customer_id = ServingApp.CustomerId(1) }, ct);
        var path = PredictionLogWriterService.DatabasePath(app.Layout);
        var rows = new List<(string Entity, int Hit, string? Features, string Type)>();
        for (var attempt = 0; attempt < 100 && rows.Count < 6; attempt++)
        {
            await Task.Delay(50, ct);
            rows.Clear();
            if (!File.Exists(path))
            {
                continue;
            }

            await using var db = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
            await db.OpenAsync(ct);
            await using var read = db.CreateCommand();
            read.CommandText = "SELECT entity_pseudonym, cache_hit, features, typeof(features) FROM prediction_log ORDER BY id";
            try
            {
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    rows.Add((reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)));
                }
            }
            catch (SqliteException)
            {
                // table not created yet
            }
        }

        Assert.Equal(6, rows.Count);
        Assert.DoesNotContain(rows, r => r.Entity.StartsWith('C'));
        Assert.Equal(rows[0].Entity, rows[5].Entity); // stable pseudonym for the same customer
        Assert.Equal(1, rows[5].Hit);
        Assert.Contains("speeding_share_30d", rows[0].Features, StringComparison.Ordinal);
        Assert.All(rows, r => Assert.Equal("text", r.Type)); // JSON text, queryable with json_extract, not a blob
        // Customer 1 (the cache hit) has speeding 1 % 10 / 10 in the test world.
        Assert.Equal(0.1, System.Text.Json.JsonDocument.Parse(rows[5].Features!).RootElement.GetProperty("speeding_share_30d").GetDouble(), 12);
    }

    [Fact]
    public async Task PredictionLog_Full_ShedsAndCountsWithoutBlocking()
    {
        await using var app = await ServingApp.CreateAsync(customers: 1);
        var metrics = app.Services.GetRequiredService<ServingMetrics>();
        var log = new PredictionLog(Options.Create(new ServingOptions { PredictionLogCapacity = 2 }), metrics);
        var entry = new PredictionLogEntry("r", "e", "C1", "m", 1, "champion", null, 0.5, 1, false, false, DateTimeOffset.UnixEpoch);
        Assert.True(log.TryEnqueue(entry));
        Assert.True(log.TryEnqueue(entry));
        Assert.False(log.TryEnqueue(entry));
        Assert.False(log.TryEnqueue(entry));
        Assert.Equal(2, log.Shed);
    }
}
