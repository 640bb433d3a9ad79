using System.CommandLine;

namespace RiskOps.Cli.Commands;

/// <summary><c>riskops info</c>: where the data directory is and what it holds.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Show the data directory layout and what exists in it.");
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(_ =>
        {
            var layout = CommonOptions.Layout(parseResult);
            foreach (var (name, path) in new[]
            {
                ("raw", layout.RawDir), ("ground truth", layout.GroundTruthDir), ("lakehouse", layout.LakehouseDir),
                ("features", layout.FeatureStoreDir), ("registry", layout.RegistryDir), ("serving", layout.ServingDir),
            })
            {
                Console.WriteLine($"{name,-13} {path} {(Directory.Exists(path) ? "" : "(empty)")}");
            }
            return Task.FromResult(0);
        }, cancellationToken));
        return command;
    }
}
