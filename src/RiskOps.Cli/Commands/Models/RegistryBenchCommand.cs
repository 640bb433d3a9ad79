using System.CommandLine;
using System.Globalization;
using RiskOps.Registry.Benchmarks;
using Spectre.Console;

namespace RiskOps.Cli.Commands.Models;

/// <summary><c>riskops bench registry</c>: registry latencies on a scratch data directory.</summary>
internal static class RegistryBenchCommand
{
    public static Command Create()
    {
        var versions = new Option<int>("--versions") { Description = "Versions to register and promote.", DefaultValueFactory = _ => 200 };
        var artifactMb = new Option<double>("--artifact-mb") { Description = "Size of each artifact's model file in MB.", DefaultValueFactory = _ => 1.0 };
        var polls = new Option<int>("--polls") { Description = "Change-feed polls and Production lookups to time.", DefaultValueFactory = _ => 2000 };
        var racers = new Option<int>("--racers") { Description = "Registry instances promoting concurrently.", DefaultValueFactory = _ => 16 };
        var auditEntries = new Option<int>("--audit-entries") { Description = "Extra audit entries appended before timing verification.", DefaultValueFactory = _ => 5000 };
        var command = new Command("registry",
            "Measure registration, promotion, change-feed polling, Production lookup, a concurrent promotion race and audit verification (scratch directory under the system temp).")
        {
            versions, artifactMb, polls, racers, auditEntries,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var work = Path.Combine(Path.GetTempPath(), $"riskops-bench-registry-{Guid.NewGuid():N}");
            var r = await AnsiConsole.Status().StartAsync("registry benchmark", context => RegistryBenchmark.RunAsync(
                work, parseResult.GetValue(versions), parseResult.GetValue(artifactMb), parseResult.GetValue(polls),
                parseResult.GetValue(racers), parseResult.GetValue(auditEntries), new Progress<string>(phase => context.Status(phase)), ct));
            static string L(string name, LatencySummary s) => string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {s.Count} | {s.P50:0.###} | {s.P95:0.###} | {s.Max:0.###} | {s.PerSecond:0} |");
            Console.WriteLine("| operation | n | p50 ms | p95 ms | max ms | ops/s |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            Console.WriteLine(L($"register ({r.ArtifactMegabytes.ToString(CultureInfo.InvariantCulture)} MB artifact: copy, SHA-256, commit)", r.Register));
            Console.WriteLine(L("promote (gated)", r.Promote));
            Console.WriteLine(L("change-sequence poll", r.ChangeSequencePoll));
            Console.WriteLine(L("Production lookup", r.ProductionLookup));
            if (r.AuditAppend is { } append)
            {
                Console.WriteLine(L("audit append (own transaction)", append));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"concurrent promotions: {r.ConcurrentPromotions} racers in {r.ConcurrentPromotionSeconds:0.###} s, exactly one Production after: {r.OneProductionAfterRace}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"audit verify: {r.AuditEntries} entries in {r.AuditVerifyMilliseconds:0.#} ms, intact: {r.AuditIntact}"));
            return r.OneProductionAfterRace && r.AuditIntact ? 0 : 1;
        }, cancellationToken));
        return command;
    }
}
