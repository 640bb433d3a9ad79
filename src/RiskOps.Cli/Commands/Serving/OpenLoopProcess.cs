using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// Starts the open-loop generator (<c>riskops bench load</c>) as a child process of this executable. In the service's
/// own process its allocations, GC pauses and threads were the service's: a generator pause delayed sends, and its
/// garbage was collected together with the service's. A child keeps the two apart (the bench process's CPU and GC
/// columns are then the service's alone), as wrk already is; it is this same binary, so nothing else must be installed.
/// </summary>
internal static class OpenLoopProcess
{
    public static async Task<(OpenLoopResult Result, GeneratorCpu Cpu)> RunAsync(BenchSettings settings, byte[][] requests, byte[][]? warmupRequests,
        double rate, double warmupSeconds, Func<Task> beforeMeasuring, CancellationToken ct)
    {
        var stem = Path.Combine(Path.GetTempPath(), $"riskops-load-{Guid.NewGuid():N}");
        var measuredPath = stem + ".req";
        var warmupPath = stem + ".warm.req";
        try
        {
            OpenLoopRequests.Write(measuredPath, requests);
            var arguments = new List<string>
            {
                "bench", "load", "--endpoint", settings.Endpoint.ToString(), "--requests", measuredPath,
                "--rate", rate.ToString(CultureInfo.InvariantCulture), "--duration", settings.Seconds.ToString(CultureInfo.InvariantCulture),
                "--warmup-seconds", warmupSeconds.ToString(CultureInfo.InvariantCulture), "--connections", settings.LoadConnections.ToString(CultureInfo.InvariantCulture),
            };
            if (warmupRequests is not null)
            {
                OpenLoopRequests.Write(warmupPath, warmupRequests);
                arguments.AddRange(["--warmup-requests", warmupPath]);
            }

            var info = Self(arguments);
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            info.RedirectStandardInput = true;
            using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the load generator");
            var errors = process.StandardError.ReadToEndAsync(ct);
            string? ready;
            do
            {
                ready = await process.StandardOutput.ReadLineAsync(ct);
            }
            while (ready is not null && ready != OpenLoopLoadCommand.ReadyLine);

            if (ready is null)
            {
                await process.WaitForExitAsync(ct);
                throw new InvalidOperationException($"the load generator failed (exit {process.ExitCode}): {(await errors).Trim()}");
            }

            await beforeMeasuring();
            await process.StandardInput.WriteLineAsync("go".AsMemory(), ct);
            await process.StandardInput.FlushAsync(ct);
            var output = process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            var lines = (await output).Split('\n');
            var line = lines.FirstOrDefault(l => l.StartsWith(OpenLoopLoadCommand.ResultPrefix, StringComparison.Ordinal));
            var cpu = lines.FirstOrDefault(l => l.StartsWith(OpenLoopLoadCommand.CpuPrefix, StringComparison.Ordinal));
            if (process.ExitCode != 0 || line is null || cpu is null)
            {
                throw new InvalidOperationException($"the load generator failed (exit {process.ExitCode}): {(await errors).Trim()}");
            }

            var result = JsonSerializer.Deserialize<OpenLoopResult>(line[OpenLoopLoadCommand.ResultPrefix.Length..])
                ?? throw new InvalidOperationException("the load generator printed no result");
            var seconds = cpu[OpenLoopLoadCommand.CpuPrefix.Length..].Split(' ').Select(s => TimeSpan.FromSeconds(double.Parse(s, CultureInfo.InvariantCulture))).ToArray();
            return (result, new GeneratorCpu(seconds[0], seconds[1], seconds[2]));
        }
        finally
        {
            File.Delete(measuredPath);
            File.Delete(warmupPath);
        }
    }

    /// <summary>This program again: the apphost directly, or <c>dotnet riskops.dll</c> when run through the muxer.</summary>
    private static ProcessStartInfo Self(IEnumerable<string> arguments)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable is running");
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            var dll = Assembly.GetEntryAssembly()?.Location;
            if (string.IsNullOrEmpty(dll))
            {
                throw new InvalidOperationException("cannot find the entry assembly to start the load generator");
            }

            return new ProcessStartInfo(host, [dll, .. arguments]);
        }

        return new ProcessStartInfo(host, arguments);
    }
}
