using System.CommandLine;
using RiskOps.Registry.Errors;
using RiskOps.Registry.Promotion;

namespace RiskOps.Cli.Commands.Models;

/// <summary><c>riskops models promote crai:3</c>: make a version Production and champion, through the gate.</summary>
internal static class ModelsPromoteCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("model") { Description = "The challenger: crai:3 or crai@challenger." };
        var force = new Option<bool>("--force") { Description = "Promote even if the challenger does not beat the champion (needs --reason; recorded)." };
        var margin = new Option<double?>("--margin") { Description = "Required improvement on the primary metric (absolute). Default: 0.001." };
        var command = new Command("promote",
            "Promote a version to Production (and the champion alias) if it beats the current champion on its primary holdout metric by the margin. " +
            "The previous Production version is archived.")
        {
            reference, force, margin, RegistryConsole.Reason, RegistryConsole.Actor,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var registry = await RegistryConsole.OpenAsync(parseResult, ct, parseResult.GetValue(margin));
            var parsed = ModelReference.Parse(parseResult.GetValue(reference)!);
            if (!parsed.NamesVersion)
            {
                throw new RegistryException($"name the version to promote: {parsed.Model}:<version> or {parsed.Model}@<alias>");
            }
            var challenger = await parsed.ResolveAsync(registry, ct);
            var result = await registry.PromoteAsync(challenger.ModelName, challenger.Version,
                new PromotionRequest(parseResult.GetValue(force), parseResult.GetValue(RegistryConsole.Reason), parseResult.GetValue(RegistryConsole.Actor)), ct);
            Console.WriteLine(result.Gate!.Explanation);
            Console.WriteLine($"{(result.Forced ? "FORCED: " : "")}{challenger.ModelName} v{result.Production.Version} is now Production (champion)" +
                (result.PreviousProduction is { } previous ? $"; v{previous} archived" : ""));
            return 0;
        }, cancellationToken));
        return command;
    }
}
