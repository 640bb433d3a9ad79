using System.CommandLine;
using Spectre.Console;

namespace RiskOps.Cli.Commands.Models;

/// <summary><c>riskops models list [model]</c>: every model, or every version of one model.</summary>
internal static class ModelsListCommand
{
    public static Command Create()
    {
        var model = new Argument<string?>("model") { Description = "List this model's versions instead of all models.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "List registered models, or the versions of one model.") { model, RegistryConsole.Json };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var registry = await RegistryConsole.OpenAsync(parseResult, ct);
            var name = parseResult.GetValue(model);
            var json = parseResult.GetValue(RegistryConsole.Json);
            if (name is not null)
            {
                var versions = await registry.ListVersionsAsync(name, ct);
                if (json)
                {
                    RegistryConsole.WriteJson(versions);
                    return 0;
                }
                var table = new Table().AddColumns("version", "stage", "aliases", "primary metric", "trainer", "registered", "by", "commit");
                foreach (var v in versions)
                {
                    table.AddRow(
                        new Text($"v{v.Version}"), new Text(v.Stage.ToString()), new Text(string.Join(", ", v.Aliases)),
                        new Text($"{v.Manifest.PrimaryMetric}={RegistryConsole.Number(v.Manifest.Metrics[v.Manifest.PrimaryMetric])}"),
                        new Text(v.Manifest.Trainer), new Text(RegistryConsole.Time(v.RegisteredAt)), new Text(v.RegisteredBy),
                        new Text(RegistryConsole.ShortCommit(v.GitCommit)));
                }
                AnsiConsole.Write(table);
                return 0;
            }
            var models = await registry.ListModelsAsync(ct);
            if (json)
            {
                RegistryConsole.WriteJson(models);
                return 0;
            }
            if (models.Count == 0)
            {
                Console.WriteLine($"no models registered in {registry.DatabasePath}; register one with `riskops models register <artifact-dir>`");
                return 0;
            }
            var summary = new Table().AddColumns("model", "versions", "latest", "production", "aliases");
            foreach (var m in models)
            {
                summary.AddRow(
                    new Text(m.Name), new Text(m.VersionCount.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text($"v{m.LatestVersion}"),
                    new Text(m.ProductionVersion is { } p ? $"v{p}" : "—"),
                    new Text(string.Join(", ", m.Aliases.Select(a => $"{a.Key}→v{a.Value}"))));
            }
            AnsiConsole.Write(summary);
            return 0;
        }, cancellationToken));
        return command;
    }
}
