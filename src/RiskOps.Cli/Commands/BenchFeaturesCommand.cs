using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RiskOps.Core.Lakehouse;
using RiskOps.Core.Storage;
using RiskOps.Features;
using RiskOps.Features.Offline;
using RiskOps.Features.Synthetic;

namespace RiskOps.Cli.Commands;

/// <summary>
/// <c>riskops bench features</c>: historical retrieval of N entity rows × the crai service, materialization
/// of every customer, online read latency (single and batch). Uses the data directory's gold if it has the
/// customer tables, else writes synthetic gold of the requested size into its own directory.
/// </summary>
internal static class BenchFeaturesCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "Synthetic customers.", DefaultValueFactory = _ => 500_000 };
        var days = new Option<int>("--days") { Description = "Synthetic days of driving history.", DefaultValueFactory = _ => 4 };
        var bays = new Option<int>("--bays") { Description = "Synthetic parking bays.", DefaultValueFactory = _ => 200 };
        var rows = new Option<long>("--entity-rows") { Description = "Entity rows for historical retrieval.", DefaultValueFactory = _ => 1_000_000 };
        var reads = new Option<int>("--reads") { Description = "Timed single-entity online reads.", DefaultValueFactory = _ => 200_000 };
        var synthetic = new Option<bool>("--synthetic") { Description = "Use synthetic gold even if the data directory has gold tables." };
        var command = new Command("features", "Benchmark the feature store: historical retrieval, materialization, online read latency.");
        foreach (var option in new Option[] { customers, days, bays, rows, reads, synthetic })
        {
            command.Options.Add(option);
        }
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var layout = CommonOptions.Layout(parseResult);
            var useReal = !parseResult.GetValue(synthetic)
                && Directory.Exists(layout.GoldTableDir(GoldTables.CustomerDrivingBehavior))
                && Directory.Exists(layout.GoldTableDir(GoldTables.CustomerProfile));
            var bench = useReal ? layout : DataLayout.Open(Path.Combine(layout.Root, "bench-features"));
            var watch = Stopwatch.StartNew();
            if (!useReal)
            {
                if (Directory.Exists(bench.Root))
                {
                    Directory.Delete(bench.Root, recursive: true);
                }
                bench = DataLayout.Open(bench.Root);
                await SyntheticGold.WriteAsync(bench, parseResult.GetValue(customers), parseResult.GetValue(days), parseResult.GetValue(bays), ct);
                Console.WriteLine($"gold: synthetic ({parseResult.GetValue(customers)} customers x {parseResult.GetValue(days)} days, {parseResult.GetValue(bays)} bays) written in {watch.Elapsed.TotalSeconds:F1} s under {bench.GoldDir}");
            }
            else
            {
                Console.WriteLine($"gold: real, from {bench.GoldDir}");
            }

            using var store = FeatureStore.Open(bench);
            await store.ApplyBuiltInsAsync(ct);
            var entities = Path.Combine(bench.FeatureStoreDir, "bench-entities.parquet");
            await SyntheticGold.WriteCustomerEntityRowsAsync(bench, parseResult.GetValue(rows), entities, ct);

            ResetPeakMemory();
            var cpu = Cpu();
            watch.Restart();
            var result = await store.GetHistoricalFeaturesAsync(
                HistoricalFeaturesRequest.ForEntityRows("crai", entities, Path.Combine(bench.FeatureStoreDir, "bench-training.parquet")), ct);
            Console.WriteLine($"historical retrieval: {result.Rows} rows x {result.Features.Count} features in {watch.Elapsed.TotalSeconds:F1} s (CPU {(Cpu() - cpu).TotalSeconds:F1} s), peak RSS {PeakMemoryMb()} MB");

            var customerViews = store.Registry.GetService("crai").Definition.Selections.Select(s => s.View).ToList();
            ResetPeakMemory();
            cpu = Cpu();
            watch.Restart();
            var report = await store.MaterializeAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, customerViews, ct);
            var entitiesOnline = store.OnlineStore.GetViewInfo(GoldTables.CustomerDrivingBehavior)?.Entities ?? 0;
            Console.WriteLine($"materialization: {customerViews.Count} customer views, {entitiesOnline} customers, {report.RowsWritten} rows written in {watch.Elapsed.TotalSeconds:F1} s (CPU {(Cpu() - cpu).TotalSeconds:F1} s), peak RSS {PeakMemoryMb()} MB");

            var reader = store.GetOnlineReader("crai");
            var ids = Enumerable.Range(0, 500_000).Select(i => "C" + (i % Math.Max(1, parseResult.GetValue(customers))).ToString("D7", CultureInfo.InvariantCulture)).ToArray();
            var vector = reader.CreateVector();
            var random = new Random(42);
            var n = parseResult.GetValue(reads);
            for (var i = 0; i < 20_000; i++)
            {
                reader.Read(ids[random.Next(ids.Length)], vector);
            }
            var samples = new double[n];
            for (var i = 0; i < n; i++)
            {
                var id = ids[random.Next(ids.Length)];
                var t0 = Stopwatch.GetTimestamp();
                reader.Read(id, vector);
                samples[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            }
            Array.Sort(samples);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"online read (1 entity x {reader.Features.Count} features, {n} reads): p50 {Pct(samples, 0.50):F2} us, p99 {Pct(samples, 0.99):F2} us, p99.9 {Pct(samples, 0.999):F2} us"));

            cpu = Cpu();
            watch.Restart();
            var read = 0;
            for (var offset = 0; offset < ids.Length; offset += 10_000)
            {
                read += reader.ReadBatch(new ArraySegment<string>(ids, offset, Math.Min(10_000, ids.Length - offset))).Count;
            }
            Console.WriteLine($"online batch read: {read} entities in chunks of 10,000 in {watch.Elapsed.TotalSeconds:F2} s (CPU {(Cpu() - cpu).TotalSeconds:F2} s)");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()} at the end (other builds share the machine when it is above the core count)");
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary>CPU time of this process (all threads, DuckDB's included): shows how much of the wall time was spent waiting for a shared CPU.</summary>
    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static double Pct(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    /// <summary>Resets the kernel's peak-RSS counter (Linux: writing 5 to clear_refs), so each step reports its own peak.</summary>
    private static void ResetPeakMemory()
    {
        GC.Collect();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not Linux or not permitted: the figure is then the process peak so far.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private static string PeakMemoryMb()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? "?" : (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
