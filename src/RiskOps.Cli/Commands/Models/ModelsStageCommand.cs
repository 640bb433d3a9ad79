using System.CommandLine;
using RiskOps.Registry;
using RiskOps.Registry.Errors;

namespace RiskOps.Cli.Commands.Models;

/// <summary><c>riskops models stage crai:3 Staging</c>: move a version between None, Staging and Archived.</summary>
internal static class ModelsStageCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("model") { Description = "The version: crai:3 or crai@challenger." };
        var stage = new Argument<ModelStage>("stage") { Description = "None, Staging or Archived (Production is reached by promote)." };
        var command = new Command("stage", "Move a version to None, Staging or Archived.")
        {
            reference, stage, RegistryConsole.Reason, RegistryConsole.Actor,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var registry = await RegistryConsole.OpenAsync(parseResult, ct);
            var parsed = ModelReference.Parse(parseResult.GetValue(reference)!);
            if (!parsed.NamesVersion)
            {
                throw new RegistryException($"name the version: {parsed.Model}:<version> or {parsed.Model}@<alias>");
            }
            var target = await parsed.ResolveAsync(registry, ct);
            var moved = await registry.SetStageAsync(target.ModelName, target.Version, parseResult.GetValue(stage),
                parseResult.GetValue(RegistryConsole.Actor), parseResult.GetValue(RegistryConsole.Reason), ct);
            Console.WriteLine($"{moved.ModelName} v{moved.Version}: {target.Stage} → {moved.Stage}");
            return 0;
        }, cancellationToken));
        return command;
    }
}
