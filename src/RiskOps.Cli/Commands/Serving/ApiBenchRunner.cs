using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// Runs one <c>bench api</c> scenario: a closed-loop wrk warm-up, then the measured runs (open loop at a fixed rate,
/// then wrk closed loop), each bracketed by process samples so every row carries CPU, allocations and GC per request.
/// </summary>
internal sealed partial class ApiBenchRunner(BenchSettings settings, HttpClient http, string? wrk)
{
    private const string Header =
        "| scenario | load | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | CPU µs/req | alloc KB/req | GCs 0/1/2 | GC pause ms | JIT ms | cache hits | load avg |";

    /// <summary>The warm-up goes on past --warmup until the JIT spent under this much of the last second compiling.</summary>
    private static readonly TimeSpan s_jitQuiet = TimeSpan.FromMilliseconds(10);

    /// <summary>Longest a warm-up goes on past --warmup waiting for the JIT to settle.</summary>
    private static readonly TimeSpan s_warmupExtra = TimeSpan.FromSeconds(30);

    private readonly List<string> _rows = [];

    public async Task ScenarioAsync(string name, int rate, Func<int, string> warmupScript, (int First, int Count) warmupIds, (int First, int Count) openLoopIds,
        string wrkScript, CancellationToken ct)
    {
        var count = Math.Min(openLoopIds.Count, (int)Math.Min(int.MaxValue, (long)rate * settings.Seconds));
        await RunAsync(name, rate, warmupScript, [.. Enumerable.Range(openLoopIds.First, count).Select(RiskRequest)], wrkScript, ct,
            warmupRequests: [.. Enumerable.Range(warmupIds.First, Math.Min(warmupIds.Count, rate)).Select(RiskRequest)]);
    }

    private byte[] RiskRequest(int customer) => OpenLoopLoad.Post(settings.Endpoint, "/api/v1/predict/customer-risk",
        string.Create(CultureInfo.InvariantCulture, $"{{\"customer_id\":\"C{customer:D7}\"}}"));

    public async Task QuoteScenarioAsync(string name, int rate, int customers, CancellationToken ct)
    {
        var requests = new byte[customers][];
        for (var i = 0; i < customers; i++)
        {
            requests[i] = OpenLoopLoad.Post(settings.Endpoint, "/api/v1/price/quote", ApiBenchCommand.QuoteBody(i, i % 200));
        }

        var script = ApiBenchCommand.QuoteScript(customers);
        await RunAsync(name, rate, _ => script, requests, script, ct);
    }

    public void WriteTable(TextWriter output)
    {
        output.WriteLine(Header);
        output.WriteLine("|" + string.Concat(Enumerable.Repeat(" --- |", Header.Count(c => c == '|') - 1)));
        _rows.ForEach(output.WriteLine);
    }

    private async Task RunAsync(string name, int rate, Func<int, string> warmupScript, byte[][] requests, string wrkScript, CancellationToken ct,
        byte[][]? warmupRequests = null)
    {
        if (settings.WarmupSeconds > 0 && wrk is not null)
        {
            await WarmUpAsync(name, warmupScript, ct);
        }

        // The generator is a child process; it first runs one second over the warm-up requests so that its own code is
        // compiled before it measures (and the service sees the pipelined pattern once before the measured run).
        Console.Error.WriteLine($"{name}: open loop at {rate:N0} req/s for {settings.Seconds} s (generator process) …");
        ProcessSample before = null!;
        var (open, generatorCpu) = await OpenLoopProcess.RunAsync(settings, requests, warmupRequests, rate, settings.WarmupSeconds > 0 ? 1 : 0,
            async () => before = await ProcessSample.TakeAsync(http, ct), ct);
        var after = await ProcessSample.TakeAsync(http, ct);
        var unanswered = open.Scheduled - open.Answered;
        var notes = (unanswered > 0 ? $", {unanswered:N0} unanswered" : "") + (open.Failed > 0 ? $", {open.Failed:N0} non-2xx" : "")
            + (open.ShortSlice ? ", 100 µs slice" : ", default slice (kernel refused a short one)")
            + $", send lag p99 {open.P99SendLagMs:0.00} ms, max {open.MaxSendLagMs:0.0} ms, generator CPU {generatorCpu.Process.TotalSeconds:0.0} s (measured run " +
            $"{generatorCpu.Measured.TotalSeconds:0.00} s = {generatorCpu.Measured.TotalMicroseconds / Math.Max(1, open.Answered):0} µs/req: " +
            $"user {generatorCpu.MeasuredUser.TotalSeconds:0.00} + sys {generatorCpu.MeasuredSystem.TotalSeconds:0.00})";
        _rows.Add($"| {name} | open loop {rate:N0} req/s, {settings.LoadConnections} conns{notes} | {open.AchievedRate:N0} | {open.P50Ms:0.00} | {open.P90Ms:0.00} | " +
            $"{open.P99Ms:0.00} | {open.P999Ms:0.00} | {after.CostsSince(before, open.Answered)} | {after.LoadAverage} |");

        if (wrk is null)
        {
            _rows.Add($"| {name} | wrk not found on PATH (apt-get install -y wrk): closed-loop run skipped | | | | | | | | | | | |");
            return;
        }

        Console.Error.WriteLine($"{name}: wrk -c{settings.Connections} for {settings.Seconds} s …");
        before = await ProcessSample.TakeAsync(http, ct);
        var closed = await WrkAsync(wrkScript, settings.Seconds, ct);
        after = await ProcessSample.TakeAsync(http, ct);
        var errors = closed.Errors > 0 ? $", {closed.Errors:N0} errors" : "";
        _rows.Add($"| {name} | wrk closed loop, {settings.Connections} conns{errors} | {closed.Requests / (double)settings.Seconds:N0} | {closed.P50:0.00} | {closed.P90:0.00} | " +
            $"{closed.P99:0.00} | {closed.P999:0.00} | {after.CostsSince(before, closed.Requests)} | {after.LoadAverage} |");
    }

    /// <summary>
    /// Closed-loop load in one-second wrk runs for at least --warmup seconds, then until the JIT is quiet: tiered
    /// compilation keeps promoting hot methods (tier 0 → instrumented → tier 1) for a while after the first requests,
    /// and on two shared cores that background compiling would otherwise land in the measured tail.
    /// </summary>
    private async Task WarmUpAsync(string name, Func<int, string> script, CancellationToken ct)
    {
        Console.Error.WriteLine($"{name}: warm-up, at least {settings.WarmupSeconds} s, until the JIT is quiet (wrk) …");
        var started = Stopwatch.StartNew();
        long requests = 0;
        var chunk = 0;
        TimeSpan jit;
        do
        {
            var before = System.Runtime.JitInfo.GetCompilationTime();
            requests += (await WrkAsync(script(chunk++), 1, ct)).Requests;
            jit = System.Runtime.JitInfo.GetCompilationTime() - before;
        }
        while (started.Elapsed < TimeSpan.FromSeconds(settings.WarmupSeconds)
            || (jit > s_jitQuiet && started.Elapsed < TimeSpan.FromSeconds(settings.WarmupSeconds) + s_warmupExtra));

        Console.Error.WriteLine($"  warm-up: {started.Elapsed.TotalSeconds:0} s, {requests:N0} requests; JIT {jit.TotalMilliseconds:0} ms in the last second");
    }

    private async Task<WrkResult> WrkAsync(string script, int seconds, CancellationToken ct)
    {
        var scriptPath = Path.Combine(Path.GetTempPath(), $"riskops-wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(scriptPath, script, ct);
        try
        {
            var info = new ProcessStartInfo(wrk!, ["-t2", $"-c{settings.Connections}", $"-d{seconds}s", "-s", scriptPath, $"http://{settings.Endpoint}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start wrk");
            var output = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            double Ms(string key) => Bench(output, key) / 1000.0;
            return new WrkResult((long)Bench(output, "requests"), (long)(Bench(output, "errors") + Bench(output, "status")),
                Ms("p50"), Ms("p90"), Ms("p99"), Ms("p99.9"));
        }
        finally
        {
            File.Delete(scriptPath);
        }
    }

    private static double Bench(string output, string key) =>
        BenchLine().Matches(output).FirstOrDefault(m => m.Groups[1].Value == key) is { } m
            ? double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)
            : double.NaN;

    [GeneratedRegex(@"^BENCH (\S+) (\S+)", RegexOptions.Multiline)]
    private static partial Regex BenchLine();

    private sealed record WrkResult(long Requests, long Errors, double P50, double P90, double P99, double P999);
}
