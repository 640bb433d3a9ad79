using System.Diagnostics;
using RiskOps.Lakehouse.Bronze;
using RiskOps.Lakehouse.Engine;
using RiskOps.Lakehouse.Sources;

namespace RiskOps.Lakehouse.Benchmarks;

/// <summary>
/// The engine's floor for the lakehouse benchmark: DuckDB alone, with the lakehouse's settings, copying every raw
/// source straight to Parquet with silver's parse types (no sniffing), skipping malformed lines. No bronze lineage, checks, dedupe,
/// quarantine, quality report or gold. Whatever the ETL does costs at least this, so it bounds the events per second any
/// ETL built on this engine can reach on this machine, and shows how much of the measured time is our own work.
/// </summary>
public static class EngineFloor
{
    /// <summary>Copies each source folder under <paramref name="rawDirectory"/> to a scratch Parquet file and times it.</summary>
    public static IReadOnlyList<EngineFloorStep> Measure(string rawDirectory, LakehouseOptions options, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"riskops-floor-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            using var session = new DuckDbSession(new LakehouseOptions { Threads = options.Threads, MemoryLimit = options.MemoryLimit },
                Path.Combine(scratch, "spill"));
            var steps = new List<EngineFloorStep>();
            foreach (var sourceDirectory in Directory.EnumerateDirectories(rawDirectory).Order(StringComparer.Ordinal))
            {
                var source = Path.GetFileName(sourceDirectory);
                if (SourceRegistry.Find(source) is not { } definition)
                {
                    continue;
                }
                var csv = Directory.GetFiles(sourceDirectory, "*.csv", SearchOption.AllDirectories);
                var jsonl = Directory.GetFiles(sourceDirectory, "*.jsonl", SearchOption.AllDirectories);
                if (csv.Length + jsonl.Length == 0)
                {
                    continue;
                }
                var columns = BronzeReader.ColumnTypes(definition, definition.ColumnNames);
                var read = definition.Format == SourceFormat.Csv
                    ? $"read_csv({Sql.FileList(csv)}, header = true, auto_detect = false, columns = {columns}, ignore_errors = true)"
                    : $"read_json({Sql.FileList(jsonl)}, format = 'newline_delimited', columns = {columns}, ignore_errors = true)";
                var target = Path.Combine(scratch, source + ".parquet");
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var start = Stopwatch.GetTimestamp();
                session.Execute($"COPY (SELECT * FROM {read}) TO {Sql.Literal(target)} (FORMAT parquet)", cancellationToken);
                var wall = Stopwatch.GetElapsedTime(start);
                var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                var rows = session.Scalar<long>($"SELECT count(*) FROM read_parquet({Sql.Literal(target)})", cancellationToken);
                steps.Add(new EngineFloorStep(source, csv.Length + jsonl.Length, rows, wall, used));
                File.Delete(target);
            }
            return steps;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
