using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RiskOps.Core.Storage;
using RiskOps.Lakehouse;
using RiskOps.Lakehouse.Benchmarks;
using RiskOps.Simulator;

namespace RiskOps.Cli.Commands;

/// <summary>
/// <c>riskops bench etl</c>: simulate a world, then time raw → bronze → silver → gold and report
/// telematics events per second and peak memory. The simulation is not part of the timed figure.
/// </summary>
internal static class BenchEtlCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "Customers in the simulated world.", DefaultValueFactory = _ => 20_000 };
        var days = new Option<int>("--days") { Description = "Simulated days.", DefaultValueFactory = _ => 30 };
        var seed = new Option<long>("--seed") { Description = "Simulation seed.", DefaultValueFactory = _ => 42 };
        var keep = new Option<bool>("--keep") { Description = "Keep the benchmark world and lakehouse (under <data-dir>/bench/etl) afterwards." };
        var daily = new Option<bool>("--daily")
        {
            Description = "Instead of one ETL over the whole world, land one delivery day at a time (reference data with the first), " +
                          "run the incremental etl after each and delete the landed raw files once they are in bronze, like a landing zone.",
        };
        var floor = new Option<bool>("--floor")
        {
            Description = "After the timed run, also time DuckDB alone copying the same raw files to Parquet (no lineage, checks, dedupe " +
                          "or gold): the engine's floor on this machine, which bounds what any ETL on it can reach. Not with --daily.",
        };
        var command = new Command("etl", "Simulate a world (vehicles = customers/50, bays = customers/250, like the seed scale), then time bronze → silver → gold.");
        command.Options.Add(customers);
        command.Options.Add(days);
        command.Options.Add(seed);
        command.Options.Add(keep);
        command.Options.Add(daily);
        command.Options.Add(floor);
        command.Validators.Add(result =>
        {
            if (result.GetValue(daily) && result.GetValue(floor))
            {
                result.AddError("--floor times one run over the whole world; it cannot be combined with --daily.");
            }
        });
        LakehouseCliOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var root = Path.Combine(CommonOptions.Layout(parseResult).Root, "bench", "etl");
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
            var layout = DataLayout.Open(root);
            var n = parseResult.GetValue(customers);
            var options = new SimulationOptions
            {
                Seed = parseResult.GetValue(seed),
                Customers = n,
                Vehicles = Math.Max(20, n / 50),
                Bays = Math.Max(10, n / 250),
                Days = parseResult.GetValue(days),
                // The ETL never reads ground truth; the ex-ante hazard's Monte Carlo (about 4 CPU-s per 1,000
                // customers) would only lengthen the untimed setup of seed-scale worlds.
                ExpectedHazardTrips = 0,
            };
            var lakeOptions = LakehouseCliOptions.From(parseResult);
            if (parseResult.GetValue(daily))
            {
                await RunDailyAsync(options, layout, lakeOptions, ct);
                if (!parseResult.GetValue(keep))
                {
                    Directory.Delete(root, recursive: true);
                }
                return 0;
            }
            Console.WriteLine($"simulating {options.Customers:N0} customers, {options.Vehicles:N0} vehicles, {options.Bays:N0} bays, {options.Days} days …");
            var world = await WorldSimulator.RunAsync(options, layout, null, ct);
            Console.WriteLine($"simulated {world.TelematicsEvents:N0} telematics events in {world.Elapsed.TotalSeconds:0.0} s (not timed below)");

            GC.Collect();
            var resetPeak = ResetPeakWorkingSet();
            lakeOptions.ProfileStatements = true;
            using var lake = LakehousePipeline.Open(layout, lakeOptions);
            var duckPeak = 0L;
            static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;
            var cpuBefore = Cpu();
            var total = Stopwatch.StartNew();
            var watch = Stopwatch.StartNew();
            var batches = lake.Ingest(null, null, ct);
            var bronze = watch.Elapsed;
            var bronzeCpu = Cpu() - cpuBefore;
            duckPeak = Math.Max(duckPeak, lake.DuckDbMemoryBytes());
            watch.Restart();
            var mark = Cpu();
            var reports = lake.RunSilver(null, ct);
            var silver = watch.Elapsed;
            var silverCpu = Cpu() - mark;
            duckPeak = Math.Max(duckPeak, lake.DuckDbMemoryBytes());
            watch.Restart();
            mark = Cpu();
            var gold = lake.RunGold(false, null, ct);
            var goldTime = watch.Elapsed;
            var goldCpu = Cpu() - mark;
            duckPeak = Math.Max(duckPeak, lake.DuckDbMemoryBytes());
            var elapsed = total.Elapsed;
            // CPU time tells how much work the ETL did when the cores are shared with other builds.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

            var events = batches.Where(b => b.Source == "telematics").Sum(b => b.Rows);
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                bronze  {bronze.TotalSeconds,8:0.00} s  cpu {bronzeCpu.TotalSeconds,6:0.00} s  {batches.Count(b => !b.Skipped)} batches, {batches.Sum(b => b.Rows):N0} rows
                silver  {silver.TotalSeconds,8:0.00} s  cpu {silverCpu.TotalSeconds,6:0.00} s  {reports.Sum(r => r.RowsOut):N0} rows kept, {reports.Sum(r => r.Quarantined):N0} quarantined, {reports.Sum(r => r.Parked):N0} parked
                gold    {goldTime.TotalSeconds,8:0.00} s  cpu {goldCpu.TotalSeconds,6:0.00} s  {gold.Values.Sum():N0} rows in {gold.Count} tables ({gold.GetValueOrDefault("customer_driving_behavior"):N0} customer_driving_behavior)
                total   {elapsed.TotalSeconds,8:0.00} s  {events:N0} telematics events → {events / elapsed.TotalSeconds:N0} events/s end to end (wall clock)
                cpu     {cpu.TotalSeconds,8:0.00} s  process CPU time → {events / cpu.TotalSeconds:N0} events per CPU-second; machine load average {LoadAverage()}
                peak working set {peak / 1048576.0:N0} MiB{(resetPeak ? " (etl only: reset after simulating)" : " (includes the simulation: peak reset unavailable)")}; DuckDB buffer memory after steps ≤ {duckPeak / 1048576.0:N0} MiB (memory_limit {lakeOptions.MemoryLimit}, threads {lakeOptions.Threads})
                """));
            PrintStatementTimings(lake.StatementTimings(), cpu);
            if (parseResult.GetValue(floor))
            {
                PrintFloor(EngineFloor.Measure(layout.RawDir, lakeOptions, ct), events, elapsed, cpu);
            }
            if (!parseResult.GetValue(keep))
            {
                lake.Dispose();
                Directory.Delete(root, recursive: true);
            }
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// The daily incremental mode: the simulator hands over each delivery day as soon as it is complete (reference data
    /// with the first); the day's files land in raw/, the incremental etl runs, and the landed files are deleted (they are
    /// in bronze), like a landing zone. Disk holds one day of raw files; the peak covers the whole process (simulator included).
    /// </summary>
    private static async Task RunDailyAsync(SimulationOptions options, DataLayout layout, LakehouseOptions lakeOptions, CancellationToken ct)
    {
        Console.WriteLine($"streaming {options.Customers:N0} customers, {options.Vehicles:N0} vehicles, {options.Bays:N0} bays, {options.Days} days day by day into the lakehouse …");
        Console.WriteLine("day         batches  telematics  sim cpu s  etl wall s  etl cpu s  gold cpu s  gold rows  rss MiB  peak MiB  duckdb MiB  lake GiB  load");
        lakeOptions.ProfileStatements = true;
        using var lake = LakehousePipeline.Open(layout, lakeOptions);
        Directory.CreateDirectory(layout.RawDir);
        static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        var cpuStart = Cpu();
        var mark = cpuStart;
        long ingested = 0, days = 0;
        TimeSpan simCpu = TimeSpan.Zero, etlCpu = TimeSpan.Zero, goldCpu = TimeSpan.Zero, etlWall = TimeSpan.Zero;
        var duckPeak = 0L;
        var world = await WorldSimulator.StreamAsync(options, layout, (delivery, token) =>
        {
            var sim = Cpu() - mark;
            var watch = Stopwatch.StartNew();
            var before = Cpu();
            var paths = new List<string>();
            foreach (var relative in delivery.Files)
            {
                var target = Path.Combine(layout.RawDir, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(Path.Combine(delivery.RawRoot, relative), target);
                paths.Add(target);
            }
            var batches = lake.Ingest(paths, null, token);
            lake.RunSilver(null, token);
            var goldStart = Cpu();
            var gold = lake.RunGold(false, null, token);
            var goldUsed = Cpu() - goldStart;
            foreach (var path in paths)
            {
                File.Delete(path);
            }
            var used = Cpu() - before;
            var dayEvents = batches.Where(b => b.Source == "telematics").Sum(b => b.Rows);
            var duck = lake.DuckDbMemoryBytes();
            duckPeak = Math.Max(duckPeak, duck);
            ingested += dayEvents;
            days++;
            simCpu += sim;
            etlCpu += used;
            goldCpu += goldUsed;
            etlWall += watch.Elapsed;
            using var process = Process.GetCurrentProcess();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{delivery.Date:yyyy-MM-dd}  {batches.Count(b => !b.Skipped),7}  {dayEvents,10:N0}  {sim.TotalSeconds,9:0.0}  {watch.Elapsed.TotalSeconds,10:0.0}  {used.TotalSeconds,9:0.0}  {goldUsed.TotalSeconds,10:0.0}  {gold.Values.Sum(),9:N0}  {process.WorkingSet64 / 1048576.0,7:N0}  {process.PeakWorkingSet64 / 1048576.0,8:N0}  {duck / 1048576.0,10:N0}  {DirectoryBytes(layout.LakehouseDir) / 1073741824.0,8:0.00}  {LoadAverage()}"));
            mark = Cpu();
            return Task.CompletedTask;
        }, null, ct);
        var elapsed = total.Elapsed;
        var cpu = Cpu() - cpuStart;
        using var end = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            daily   {days} delivery days, {ingested:N0} of {world.TelematicsEvents:N0} telematics events, wall {elapsed.TotalSeconds:0.0} s (etl {etlWall.TotalSeconds:0.0} s); cpu {cpu.TotalSeconds:0.0} s = simulation {simCpu.TotalSeconds:0.0} s + etl {etlCpu.TotalSeconds:0.0} s (gold {goldCpu.TotalSeconds:0.0} s) → {ingested / etlCpu.TotalSeconds:N0} events per etl CPU-second; load average {LoadAverage()}
            peak working set of the whole process (simulator included) {end.PeakWorkingSet64 / 1048576.0:N0} MiB; DuckDB buffer memory after a day ≤ {duckPeak / 1048576.0:N0} MiB (memory_limit {lakeOptions.MemoryLimit}, threads {lakeOptions.Threads}); lakehouse {DirectoryBytes(layout.LakehouseDir) / 1073741824.0:0.00} GiB
            """));
        PrintStatementTimings(lake.StatementTimings(), etlCpu);
    }

    private static void PrintFloor(IReadOnlyList<EngineFloorStep> steps, long events, TimeSpan etlWall, TimeSpan etlCpu)
    {
        var wall = TimeSpan.FromTicks(steps.Sum(s => s.Wall.Ticks));
        var cpu = TimeSpan.FromTicks(steps.Sum(s => s.Cpu.Ticks));
        Console.WriteLine("engine floor: DuckDB copying the same raw files to Parquet, nothing else");
        foreach (var step in steps.OrderByDescending(s => s.Cpu))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {step.Source,-16} {step.Files,4} files {step.Rows,12:N0} rows  wall {step.Wall.TotalSeconds,6:0.00} s  cpu {step.Cpu.TotalSeconds,6:0.00} s"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
              floor total      wall {wall.TotalSeconds:0.00} s, cpu {cpu.TotalSeconds:0.00} s → at most {events / wall.TotalSeconds:N0} telematics events/s, {events / cpu.TotalSeconds:N0} per CPU-second
              the etl above    wall {etlWall.TotalSeconds:0.00} s, cpu {etlCpu.TotalSeconds:0.00} s = {etlWall / wall:0.0}× the floor's wall, {etlCpu / cpu:0.0}× its CPU
            """));
    }

    private static long DirectoryBytes(string dir) =>
        Directory.Exists(dir) ? new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    /// <summary>The DuckDB statements that cost the most process CPU, grouped by their shortened text.</summary>
    private static void PrintStatementTimings(IReadOnlyList<(string Statement, TimeSpan Wall, TimeSpan Cpu)> timings, TimeSpan totalCpu)
    {
        var inDuck = timings.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Cpu);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{timings.Count} DuckDB statements used {inDuck.TotalSeconds:0.00} s CPU ({totalCpu.TotalSeconds - inDuck.TotalSeconds:0.00} s outside them); the costliest:"));
        foreach (var g in timings.GroupBy(t => t.Statement).Select(g => (Label: g.Key, Count: g.Count(), Cpu: g.Sum(t => t.Cpu.TotalSeconds), Wall: g.Sum(t => t.Wall.TotalSeconds)))
                     .OrderByDescending(g => g.Cpu).Take(12))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  cpu {g.Cpu,6:0.00} s  wall {g.Wall,6:0.00} s  ×{g.Count,-4} {g.Label}"));
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>
    /// Linux resets the peak resident set (VmHWM, what PeakWorkingSet64 reads) when "5" is written to
    /// /proc/self/clear_refs, so the figure covers the ETL alone and not the simulation before it.
    /// </summary>
    private static bool ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
    }
}
