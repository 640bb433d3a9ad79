using System.CommandLine;

namespace RiskOps.Cli.Commands.Models;

/// <summary><c>riskops models rollback crai</c>: put the previous champion back in Production.</summary>
internal static class ModelsRollbackCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Model name." };
        var command = new Command("rollback", "Undo the last promotion: the previous champion returns to Production, the current one is archived.")
        {
            model, RegistryConsole.Reason, RegistryConsole.Actor,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var registry = await RegistryConsole.OpenAsync(parseResult, ct);
            var result = await registry.RollbackAsync(parseResult.GetValue(model)!, parseResult.GetValue(RegistryConsole.Actor), parseResult.GetValue(RegistryConsole.Reason), ct);
            Console.WriteLine($"rolled back {result.Production.ModelName}: v{result.Production.Version} is Production (champion) again; v{result.PreviousProduction} archived");
            return 0;
        }, cancellationToken));
        return command;
    }
}
