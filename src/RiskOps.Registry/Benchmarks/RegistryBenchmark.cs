using RiskOps.Core.Modeling;
using RiskOps.Core.Storage;
using RiskOps.Registry.Manifests;
using RiskOps.Registry.Promotion;
using RiskOps.Registry.Sqlite;

namespace RiskOps.Registry.Benchmarks;

/// <summary>
/// Measures the embedded registry on a scratch data directory: registration (artifact copy + metadata),
/// gated promotion, the change-feed poll serving does, Production lookup, a race of concurrent forced
/// promotions from separate registry instances, and verification of the whole audit chain.
/// </summary>
public static class RegistryBenchmark
{
    /// <summary>Runs the benchmark in <paramref name="workDirectory"/> (created, and deleted afterwards).</summary>
    /// <param name="workDirectory">Scratch data directory; must not be a real one.</param>
    /// <param name="versions">Versions to register and promote.</param>
    /// <param name="artifactMegabytes">Size of each artifact's model file.</param>
    /// <param name="polls">Change-feed polls and Production lookups to time.</param>
    /// <param name="concurrentPromotions">Registry instances racing to promote at once.</param>
    /// <param name="extraAuditEntries">Entries appended directly to the audit log (as other parts would) before timing verification.</param>
    /// <param name="progress">Told which phase is running.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<RegistryBenchmarkResult> RunAsync(
        string workDirectory, int versions, double artifactMegabytes, int polls, int concurrentPromotions, int extraAuditEntries,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(versions, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(polls, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrentPromotions, 2);
        var time = TimeProvider.System;
        var layout = DataLayout.Open(workDirectory);
        try
        {
            var options = new RegistryOptions { GitCommitReader = _ => Task.FromResult<string?>(null), PromotionMargin = 0.0001 };
            var registry = await SqliteModelRegistry.OpenAsync(layout, options, cancellationToken: cancellationToken);
            var source = Path.Combine(layout.RunsDir, "bench-artifact");
            var payload = new byte[(int)(artifactMegabytes * 1024 * 1024)];
            new Random(42).NextBytes(payload);

            progress?.Report($"registering {versions} versions");
            var register = new List<double>();
            for (var i = 1; i <= versions; i++)
            {
                await WriteArtifactAsync(source, "bench_crai", 0.70 + (i * 0.001), payload, cancellationToken);
                var start = time.GetTimestamp();
                await registry.RegisterAsync(new RegistrationRequest(source, Actor: "bench"), cancellationToken);
                register.Add(time.GetElapsedTime(start).TotalMilliseconds);
            }

            progress?.Report($"promoting {versions} versions");
            var promote = new List<double>();
            for (var i = 1; i <= versions; i++)
            {
                var start = time.GetTimestamp();
                await registry.PromoteAsync("bench_crai", i, new PromotionRequest(Actor: "bench"), cancellationToken);
                promote.Add(time.GetElapsedTime(start).TotalMilliseconds);
            }

            progress?.Report($"polling {polls} times");
            var poll = new List<double>();
            var lookup = new List<double>();
            for (var i = 0; i < polls; i++)
            {
                var start = time.GetTimestamp();
                await registry.GetChangeSequenceAsync(cancellationToken);
                poll.Add(time.GetElapsedTime(start).TotalMilliseconds);
                start = time.GetTimestamp();
                await registry.GetProductionAsync("bench_crai", cancellationToken);
                lookup.Add(time.GetElapsedTime(start).TotalMilliseconds);
            }

            // Race: separate registry instances (own connections, as separate processes would have) promote at once.
            progress?.Report($"racing {concurrentPromotions} promotions");
            var racers = new List<SqliteModelRegistry>();
            for (var i = 0; i < concurrentPromotions; i++)
            {
                racers.Add(await SqliteModelRegistry.OpenAsync(layout, options, cancellationToken: cancellationToken));
            }
            var raceStart = time.GetTimestamp();
            await Task.WhenAll(racers.Select((racer, i) => Task.Run(() => racer.PromoteAsync(
                "bench_crai", 1 + (i % (versions - 1)), new PromotionRequest(Force: true, Reason: "bench race", Actor: $"racer{i}"), cancellationToken),
                cancellationToken)).Select(async t =>
                {
                    try
                    {
                        await t;
                    }
                    catch (Errors.RegistryException)
                    {
                        // A racer whose target is already Production by then is refused; that is the point.
                    }
                }));
            var raceSeconds = time.GetElapsedTime(raceStart).TotalSeconds;
            var production = await registry.GetByStageAsync("bench_crai", ModelStage.Production, cancellationToken);

            progress?.Report($"appending {extraAuditEntries} audit entries");
            var append = new List<double>();
            for (var i = 0; i < extraAuditEntries; i++)
            {
                var start = time.GetTimestamp();
                await registry.AuditLog.AppendAsync(new Audit.AuditEntry("bench", "threshold", "serving/bench_crai/threshold", "0.5", "0.45", "bench"), cancellationToken);
                append.Add(time.GetElapsedTime(start).TotalMilliseconds);
            }

            progress?.Report("verifying the audit chain");
            var verifyStart = time.GetTimestamp();
            var verification = await registry.AuditLog.VerifyAsync(cancellationToken: cancellationToken);
            var verifyMs = time.GetElapsedTime(verifyStart).TotalMilliseconds;

            return new RegistryBenchmarkResult(versions, artifactMegabytes, LatencySummary.From(register), LatencySummary.From(promote),
                LatencySummary.From(poll), LatencySummary.From(lookup), append.Count == 0 ? null : LatencySummary.From(append), concurrentPromotions, raceSeconds, production.Count == 1,
                verification.EntriesChecked, verifyMs, verification.IsIntact);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(layout.Root, recursive: true);
        }
    }

    private static async Task WriteArtifactAsync(string directory, string model, double auc, byte[] payload, CancellationToken cancellationToken)
    {
        var manifest = new ModelManifest(model, "LightGbm",
            new ModelSignature(ModelTask.Binary, [new FeatureRef("speeding_30d", FeatureKind.Numeric), new FeatureRef("region", FeatureKind.Categorical)], "crai_driver", 1),
            new TrainingDataReference(["gold_driver_daily"], DateTimeOffset.UnixEpoch, 1_000_000),
            "bench", new Dictionary<string, string> { ["trees"] = "200" }, new Dictionary<string, double> { ["auc"] = auc }, "auc", true);
        await ManifestFile.WriteAsync(directory, manifest, cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(directory, "model.bin"), payload, cancellationToken);
    }
}
