using System.CommandLine;

namespace RiskOps.Cli.Commands.Models;

/// <summary><c>riskops models …</c>: the model registry.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models",
            "The model registry: versions, aliases, stages, promotion and rollback. " +
            "Models are named as crai (its Production version), crai:3 (version 3) or crai@challenger (an alias).");
        command.Subcommands.Add(ModelsListCommand.Create());
        command.Subcommands.Add(ModelsShowCommand.Create());
        command.Subcommands.Add(ModelsRegisterCommand.Create());
        command.Subcommands.Add(ModelsPromoteCommand.Create());
        command.Subcommands.Add(ModelsRollbackCommand.Create());
        command.Subcommands.Add(ModelsCompareCommand.Create());
        command.Subcommands.Add(ModelsAliasCommand.Create());
        command.Subcommands.Add(ModelsStageCommand.Create());
        return command;
    }
}
