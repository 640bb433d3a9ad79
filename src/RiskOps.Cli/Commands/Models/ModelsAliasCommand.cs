using System.CommandLine;
using RiskOps.Registry.Errors;

namespace RiskOps.Cli.Commands.Models;

/// <summary><c>riskops models alias crai:3 challenger</c>: point (or, with --remove, drop) an alias.</summary>
internal static class ModelsAliasCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("model") { Description = "The version to point at (crai:3), or the model name with --remove." };
        var alias = new Argument<string>("alias") { Description = "Alias name, e.g. challenger or shadow ('champion' follows promotion)." };
        var remove = new Option<bool>("--remove") { Description = "Remove the alias instead of setting it." };
        var command = new Command("alias", "Point an alias (challenger, or any name) at a version, or remove it.")
        {
            reference, alias, remove, RegistryConsole.Actor,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var registry = await RegistryConsole.OpenAsync(parseResult, ct);
            var parsed = ModelReference.Parse(parseResult.GetValue(reference)!);
            var name = parseResult.GetValue(alias)!;
            var actor = parseResult.GetValue(RegistryConsole.Actor);
            if (parseResult.GetValue(remove))
            {
                await registry.RemoveAliasAsync(parsed.Model, name, actor, ct);
                Console.WriteLine($"removed alias {parsed.Model}@{name}");
                return 0;
            }
            if (!parsed.NamesVersion)
            {
                throw new RegistryException($"name the version the alias points at: {parsed.Model}:<version>");
            }
            var target = await parsed.ResolveAsync(registry, ct);
            await registry.SetAliasAsync(target.ModelName, name, target.Version, actor, ct);
            Console.WriteLine($"{target.ModelName}@{name} → v{target.Version}");
            return 0;
        }, cancellationToken));
        return command;
    }
}
