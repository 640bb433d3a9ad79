using System.CommandLine;
using RiskOps.Cli.Commands.Models;
using RiskOps.Registry.Errors;
using Spectre.Console;

namespace RiskOps.Cli.Commands.Audit;

/// <summary><c>riskops audit verify|list</c>: the tamper-evident log of administrative changes.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "The tamper-evident (SHA-256 hash-chained) log of every administrative change.");
        command.Subcommands.Add(CreateVerify());
        command.Subcommands.Add(CreateList());
        return command;
    }

    private static Command CreateVerify()
    {
        var headSeq = new Option<long?>("--head-seq") { Description = "Sequence of a head recorded earlier outside the database (detects truncation)." };
        var headHash = new Option<string?>("--head-hash") { Description = "Hash of that head." };
        var artifacts = new Option<bool>("--artifacts") { Description = "Also re-hash every registered artifact and compare with the hash recorded at registration." };
        var command = new Command("verify", "Recompute the hash chain; exits non-zero if any entry was edited or deleted.") { headSeq, headHash, artifacts };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var registry = await RegistryConsole.OpenAsync(parseResult, ct);
            var result = await registry.AuditLog.VerifyAsync(parseResult.GetValue(headSeq), parseResult.GetValue(headHash), ct);
            if (!result.IsIntact)
            {
                throw new RegistryException($"audit log tampered: {result.Message}");
            }
            Console.WriteLine(result.Message);
            Console.WriteLine($"head: --head-seq {result.HeadSequence} --head-hash {result.HeadHash}");
            if (!parseResult.GetValue(artifacts))
            {
                return 0;
            }
            var broken = new List<string>();
            var checkedCount = 0;
            foreach (var model in await registry.ListModelsAsync(ct))
            {
                foreach (var version in await registry.ListVersionsAsync(model.Name, ct))
                {
                    var check = await registry.VerifyArtifactAsync(model.Name, version.Version, ct);
                    checkedCount++;
                    if (!check.IsIntact)
                    {
                        broken.Add(check.Message);
                    }
                }
            }
            if (broken.Count > 0)
            {
                throw new RegistryException($"{broken.Count} of {checkedCount} artifacts fail their hash: {string.Join("; ", broken)}");
            }
            Console.WriteLine($"artifacts intact: {checkedCount} versions match their registered hashes");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateList()
    {
        var subject = new Option<string?>("--subject") { Description = "Only entries whose subject starts with this, e.g. model/crai/." };
        var limit = new Option<int>("--limit") { Description = "How many of the newest entries.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "Show the newest audit entries.") { subject, limit, RegistryConsole.Json };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            var registry = await RegistryConsole.OpenAsync(parseResult, ct);
            var entries = await registry.AuditLog.ListAsync(parseResult.GetValue(subject), parseResult.GetValue(limit), ct);
            if (parseResult.GetValue(RegistryConsole.Json))
            {
                RegistryConsole.WriteJson(entries);
                return 0;
            }
            var table = new Table().AddColumns("#", "at", "actor", "action", "subject", "before", "after", "reason");
            foreach (var e in entries)
            {
                table.AddRow(new Text(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text(RegistryConsole.Time(e.At)), new Text(e.Actor),
                    new Text(e.Action), new Text(e.Subject), new Text(e.PreviousValue ?? "—"), new Text(e.NewValue ?? "—"), new Text(e.Reason ?? ""));
            }
            AnsiConsole.Write(table);
            return 0;
        }, cancellationToken));
        return command;
    }
}
