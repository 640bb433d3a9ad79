using System.CommandLine;
using RiskOps.Registry;

namespace RiskOps.Cli.Commands.Models;

/// <summary><c>riskops models register &lt;artifact-dir&gt;</c>: copy a trained artifact into the registry as a new version.</summary>
internal static class ModelsRegisterCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("artifact-dir") { Description = "Directory with manifest.json and the model files, as training wrote it." };
        var alias = new Option<string[]>("--alias") { Description = "Point this alias at the new version (repeatable), e.g. challenger." };
        var stage = new Option<ModelStage>("--stage") { Description = "Initial stage: None or Staging.", DefaultValueFactory = _ => ModelStage.None };
        var commit = new Option<string?>("--git-commit") { Description = "Code version; default: the manifest's codeVersion, then `git rev-parse HEAD`." };
        var command = new Command("register", "Register a trained model artifact as the next version of its model.")
        {
            directory, alias, stage, commit, RegistryConsole.Actor,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var registry = await RegistryConsole.OpenAsync(parseResult, ct);
            var before = await registry.GetChangeSequenceAsync(ct);
            var registered = await registry.RegisterAsync(new RegistrationRequest(
                parseResult.GetValue(directory)!,
                parseResult.GetValue(commit),
                parseResult.GetValue(RegistryConsole.Actor),
                parseResult.GetValue(stage),
                parseResult.GetValue(alias)), ct);
            // An identical artifact is not registered twice; the change feed tells the two cases apart.
            Console.WriteLine(await registry.GetChangeSequenceAsync(ct) == before
                ? $"already registered: {registered.ModelName} v{registered.Version} has identical content (sha256 {registered.ContentHash[..12]}…)"
                : $"registered {registered.ModelName} v{registered.Version} ({registered.Stage}) at {registered.ArtifactPath}");
            return 0;
        }, cancellationToken));
        return command;
    }
}
