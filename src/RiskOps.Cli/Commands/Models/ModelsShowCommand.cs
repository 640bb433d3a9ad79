using System.CommandLine;

namespace RiskOps.Cli.Commands.Models;

/// <summary><c>riskops models show crai:3</c>: one version's lineage, signature, metrics and artifact.</summary>
internal static class ModelsShowCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("model") { Description = "crai (its Production version), crai:3 or crai@challenger." };
        var command = new Command("show", "Show one model version: lineage, signature, training data, metrics, parameters, artifact.") { reference, RegistryConsole.Json };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var registry = await RegistryConsole.OpenAsync(parseResult, ct);
            var version = await ModelReference.Parse(parseResult.GetValue(reference)!).ResolveAsync(registry, ct);
            if (parseResult.GetValue(RegistryConsole.Json))
            {
                RegistryConsole.WriteJson(version);
            }
            else
            {
                RegistryConsole.WriteVersion(version);
            }
            return 0;
        }, cancellationToken));
        return command;
    }
}
