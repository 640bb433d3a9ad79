using System.CommandLine;
using System.Net;
using System.Text.Json;
using RiskOps.Core.Errors;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>
/// <c>riskops bench load</c> (hidden): the open-loop generator as its own process, started by <c>bench api</c>. Runs
/// <see cref="OpenLoopLoad"/> for --warmup-seconds over the warm-up requests (so its own code is compiled before it
/// measures), then for --duration over the measured ones, and prints the measured run as one <c>OPENLOOP {json}</c> line.
/// </summary>
internal static class OpenLoopLoadCommand
{
    public const string ResultPrefix = "OPENLOOP ";

    /// <summary>Printed after the warm-up; the generator then waits for a line on stdin before it measures.</summary>
    public const string ReadyLine = "OPENLOOP-READY";

    /// <summary>The generator's own CPU seconds: whole process (user + system), then the measured run's user and system.</summary>
    public const string CpuPrefix = "OPENLOOP-CPU ";

    public static Command Create()
    {
        var endpoint = new Option<string>("--endpoint") { Description = "Service address, host:port (loopback).", Required = true };
        var requests = new Option<FileInfo>("--requests") { Description = "Request file of the measured run (written by bench api).", Required = true };
        var warmupRequests = new Option<FileInfo?>("--warmup-requests") { Description = "Request file of the warm-up (default: --requests)." };
        var rate = new Option<double>("--rate") { Description = "Requests per second.", Required = true };
        var duration = new Option<double>("--duration") { Description = "Seconds of the measured run.", Required = true };
        var warmup = new Option<double>("--warmup-seconds") { Description = "Seconds of open-loop warm-up before the measured run (0 = none).", DefaultValueFactory = _ => 1 };
        var connections = new Option<int>("--connections") { Description = "Keep-alive connections.", DefaultValueFactory = _ => 8 };
        var command = new Command("load", "Open-loop load generator process used by `bench api` (not meant to be run by hand).") { Hidden = true };
        foreach (var option in new Option[] { endpoint, requests, warmupRequests, rate, duration, warmup, connections })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            if (!IPEndPoint.TryParse(parseResult.GetValue(endpoint)!, out var address) || address.Port == 0)
            {
                throw new RiskOpsException($"--endpoint must be host:port, not '{parseResult.GetValue(endpoint)}'.");
            }

            var (r, seconds, warm, n) = (parseResult.GetValue(rate), parseResult.GetValue(duration), parseResult.GetValue(warmup), parseResult.GetValue(connections));
            if (!(r > 0) || !(seconds > 0) || !(warm >= 0) || n < 1)
            {
                throw new RiskOpsException("--rate and --duration must be > 0, --warmup-seconds ≥ 0, --connections ≥ 1.");
            }

            var measured = OpenLoopRequests.Read(parseResult.GetValue(requests)!.FullName);
            if (warm > 0)
            {
                var warmFile = parseResult.GetValue(warmupRequests);
                var warmRequests = warmFile is null ? measured : OpenLoopRequests.Read(warmFile.FullName);
                await OpenLoopLoad.RunAsync(address, i => warmRequests[i % warmRequests.Length], r, TimeSpan.FromSeconds(warm), n, ct);
            }

            // The parent samples the service's counters between the warm-up and the measured run.
            Console.WriteLine(ReadyLine);
            Console.Out.Flush();
            await Console.In.ReadLineAsync(ct);
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            var (user, system) = (self.UserProcessorTime, self.PrivilegedProcessorTime);
            var result = await OpenLoopLoad.RunAsync(address, i => measured[i % measured.Length], r, TimeSpan.FromSeconds(seconds), n, ct);
            self.Refresh();
            Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
            Console.WriteLine(CpuPrefix + string.Join(' ', new[] { self.TotalProcessorTime, self.UserProcessorTime - user, self.PrivilegedProcessorTime - system }
                .Select(t => t.TotalSeconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
            return 0;
        }, cancellationToken));
        return command;
    }
}
