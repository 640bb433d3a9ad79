using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// What this process (the service under test runs in it) has spent so far: CPU, allocations, collections and GC pause
/// time, plus the service's own risk-cache hit and miss counters read from /metrics. Two samples bracket a run.
/// </summary>
internal sealed partial record ProcessSample(TimeSpan Cpu, long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan GcPause, TimeSpan Jit, long CacheHits, long CacheMisses, string LoadAverage)
{
    public static async Task<ProcessSample> TakeAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var metrics = await http.GetStringAsync("/metrics", cancellationToken);
        long Counter(string result) => CacheCounter().Matches(metrics).Where(m => m.Groups[1].Value == result).Sum(m => (long)double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        using var process = Process.GetCurrentProcess();
        return new ProcessSample(process.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0), GC.CollectionCount(1),
            GC.CollectionCount(2), GC.GetTotalPauseDuration(), System.Runtime.JitInfo.GetCompilationTime(), Counter("hit"), Counter("miss"), ReadLoadAverage());
    }

    public static string ReadLoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>Per-request costs between two samples, as table cells: CPU µs/req, KB allocated/req, GCs gen0/1/2, GC pause ms, JIT ms, cache hit share.</summary>
    public string CostsSince(ProcessSample before, long requests)
    {
        var per = Math.Max(1, requests);
        var lookups = (CacheHits - before.CacheHits) + (CacheMisses - before.CacheMisses);
        var hitShare = lookups == 0 ? "–" : $"{100.0 * (CacheHits - before.CacheHits) / lookups:0.#}%";
        return $"{(Cpu - before.Cpu).TotalMicroseconds / per:0} | {(Allocated - before.Allocated) / 1024.0 / per:0.0} | " +
            $"{Gen0 - before.Gen0}/{Gen1 - before.Gen1}/{Gen2 - before.Gen2} | {(GcPause - before.GcPause).TotalMilliseconds:0} | {(Jit - before.Jit).TotalMilliseconds:0} | {hitShare}";
    }

    [GeneratedRegex("""^riskops_risk_cache_requests_total\{[^}]*result="(hit|miss)"[^}]*\} (\S+)""", RegexOptions.Multiline)]
    private static partial Regex CacheCounter();
}
