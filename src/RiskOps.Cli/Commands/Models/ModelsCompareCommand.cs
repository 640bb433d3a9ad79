using System.CommandLine;
using RiskOps.Registry.Errors;
using Spectre.Console;

namespace RiskOps.Cli.Commands.Models;

/// <summary><c>riskops models compare crai:2 crai:3</c>: metrics side by side, parameter and signature differences.</summary>
internal static class ModelsCompareCommand
{
    public static Command Create()
    {
        var left = new Argument<string>("left") { Description = "First version: crai:2, crai@champion or crai (Production)." };
        var right = new Argument<string>("right") { Description = "Second version of the same model: crai:3, crai@challenger, or just 3." };
        var command = new Command("compare", "Compare two versions of a model: metrics side by side, parameter and signature differences.")
        {
            left, right, RegistryConsole.Json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var registry = await RegistryConsole.OpenAsync(parseResult, ct);
            var a = ModelReference.Parse(parseResult.GetValue(left)!);
            var rightText = parseResult.GetValue(right)!;
            // "compare crai:2 3" is shorthand for a second version of the same model.
            var b = ModelReference.Parse(rightText.All(char.IsAsciiDigit) ? $"{a.Model}:{rightText}" : rightText);
            if (!string.Equals(a.Model, b.Model, StringComparison.Ordinal))
            {
                throw new RegistryException($"compare takes two versions of one model, not {a.Model} and {b.Model}");
            }
            var l = await a.ResolveAsync(registry, ct);
            var r = await b.ResolveAsync(registry, ct);
            var comparison = await registry.CompareAsync(a.Model, l.Version, r.Version, ct);
            if (parseResult.GetValue(RegistryConsole.Json))
            {
                RegistryConsole.WriteJson(new
                {
                    model = a.Model,
                    left = l.Version,
                    right = r.Version,
                    comparison.Metrics,
                    comparison.Parameters,
                    comparison.Signature,
                    compatible = comparison.Signature.IsCompatible,
                });
                return 0;
            }
            var metrics = new Table().Title($"{a.Model}: v{l.Version} vs v{r.Version}").AddColumns("metric", $"v{l.Version}", $"v{r.Version}", "delta");
            foreach (var m in comparison.Metrics)
            {
                var primary = string.Equals(m.Metric, r.Manifest.PrimaryMetric, StringComparison.Ordinal) ? " (primary)" : "";
                metrics.AddRow(new Text(m.Metric + primary), new Text(RegistryConsole.Number(m.Left)), new Text(RegistryConsole.Number(m.Right)),
                    new Text(m.Delta is { } d ? (d >= 0 ? "+" : "") + RegistryConsole.Number(d) : "—"));
            }
            AnsiConsole.Write(metrics);
            if (comparison.Parameters.Count == 0)
            {
                Console.WriteLine("parameters: identical");
            }
            else
            {
                var parameters = new Table().AddColumns("parameter", $"v{l.Version}", $"v{r.Version}");
                foreach (var p in comparison.Parameters)
                {
                    parameters.AddRow(new Text(p.Parameter), new Text(p.Left ?? "—"), new Text(p.Right ?? "—"));
                }
                AnsiConsole.Write(parameters);
            }
            var s = comparison.Signature;
            Console.WriteLine(s.IsCompatible
                ? "signature: identical (same task, inputs and feature service)"
                : $"signature differs: task {s.LeftTask} → {s.RightTask}; feature service {s.LeftFeatureService ?? "—"} → {s.RightFeatureService ?? "—"}; " +
                  $"added [{string.Join(", ", s.AddedInputs)}]; removed [{string.Join(", ", s.RemovedInputs)}]; changed [{string.Join(", ", s.KindChanges)}]");
            return 0;
        }, cancellationToken));
        return command;
    }
}
