using System.CommandLine;
using RiskOps.Cli.Commands;

namespace RiskOps.Cli;

/// <summary>The <c>riskops</c> command tree: one line per verb, each verb in Commands/.</summary>
internal static class RiskOpsRootCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "RiskOps: risk scoring and decisioning for insurers and mobility operators.\n" +
            "Start with `riskops demo`; every step can also be run on its own.");
        root.Options.Add(CommonOptions.DataDir);

        root.Subcommands.Add(InfoCommand.Create());
        return root;
    }
}
