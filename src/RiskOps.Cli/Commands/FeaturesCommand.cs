using System.CommandLine;
using System.Globalization;
using RiskOps.Core.Modeling;
using RiskOps.Features;

namespace RiskOps.Cli.Commands;

/// <summary><c>riskops features apply|list|show</c>: the feature registry.</summary>
internal static class FeaturesCommand
{
    public static Command Create()
    {
        var command = new Command("features", "Feature views and services: register the built-ins, list them with their freshness, show one.");
        command.Subcommands.Add(Apply());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Command Apply()
    {
        var command = new Command("apply", "Register the built-in feature views (those whose gold tables exist) and services.");
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            using var store = FeatureStoreCli.Open(parseResult);
            foreach (var line in await store.ApplyBuiltInsAsync(ct))
            {
                Console.WriteLine(line);
            }
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "Views with row counts and freshness (latest event, last materialized, online entities), then services.");
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            using var store = FeatureStoreCli.Open(parseResult);
            Console.WriteLine($"{"view",-28} {"entity",-15} {"ttl",-10} {"feat",4} {"online",6} {"offline rows",12} {"latest event",-16} {"materialized",-16} {"online ents",11}");
            foreach (var view in store.Registry.ListViews())
            {
                var status = await store.GetViewStatusAsync(view.Name, ct);
                Console.WriteLine(
                    $"{view.Name,-28} {view.Entity,-15} {view.Ttl,-10} {view.Schema.Count,4} {(view.Online ? "on" : "off"),6} {status.OfflineRows,12} " +
                    $"{FeatureStoreCli.Format(status.LatestEvent),-16} {FeatureStoreCli.Format(status.Materialization?.LastRunAt),-16} {status.Online?.Entities ?? 0,11}");
            }
            Console.WriteLine();
            Console.WriteLine($"{"service",-20} {"version",7} {"features",8}  keys / views");
            foreach (var service in store.Registry.ListServices())
            {
                Console.WriteLine($"{service.Name,-20} {"v" + service.Version.ToString(CultureInfo.InvariantCulture),7} {service.Features.Count,8}  " +
                    $"{string.Join(",", service.JoinKeys)} / {string.Join(", ", service.Definition.Selections.Select(s => s.View))}");
            }
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Show()
    {
        var name = new Argument<string>("NAME") { Description = "A view or service name." };
        var version = new Option<int?>("--version") { Description = "Service version (default: latest)." };
        var command = new Command("show", "Show a view (schema, source, freshness, statistics) or a service (features in order).");
        command.Arguments.Add(name);
        command.Options.Add(version);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async ct =>
        {
            using var store = FeatureStoreCli.Open(parseResult);
            var target = parseResult.GetValue(name)!;
            if (store.Registry.ListViews().Any(v => v.Name == target))
            {
                await ShowViewAsync(store, target, ct);
                return 0;
            }
            var service = store.Registry.GetService(target, parseResult.GetValue(version));
            Console.WriteLine($"service {service.Name} v{service.Version} (registered {FeatureStoreCli.Format(service.RegisteredAt)}): {service.Definition.Description}");
            Console.WriteLine($"keys: {string.Join(", ", service.JoinKeys)}");
            foreach (var feature in service.Features)
            {
                Console.WriteLine($"  {feature.Name,-40} {feature.Kind}");
            }
            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task ShowViewAsync(FeatureStore store, string name, CancellationToken ct)
    {
        var status = await store.GetViewStatusAsync(name, ct);
        var view = status.View;
        Console.WriteLine($"view {view.Name}: {view.Description}");
        Console.WriteLine($"entity {view.Entity}, ttl {view.Ttl}, online {(view.Online ? "on" : "off")}, owner {view.Owner}");
        Console.WriteLine($"source {view.Source.Table}{(view.Source.Query is null ? "" : " (derived query)")}, {view.EventTimestampField} / {view.CreatedTimestampField}");
        Console.WriteLine($"offline rows {status.OfflineRows}, latest event {FeatureStoreCli.Format(status.LatestEvent)}, " +
            $"last materialized {FeatureStoreCli.Format(status.Materialization?.LastRunAt)} (up to {FeatureStoreCli.Format(status.Materialization?.EventWatermark)}), " +
            $"online entities {status.Online?.Entities ?? 0}");
        var stats = store.Registry.GetStatistics(name);
        foreach (var field in view.Schema)
        {
            var s = stats?.Features.FirstOrDefault(f => f.Name == field.Name);
            var summary = s is null ? "" : field.Kind == FeatureKind.Numeric
                ? string.Create(CultureInfo.InvariantCulture, $"n={s.Count} nulls={s.Nulls} mean={s.Mean:G4} sd={s.StdDev:G4} min={s.Min:G4} p50={s.P50:G4} max={s.Max:G4}")
                : $"n={s.Count} nulls={s.Nulls} top={string.Join(",", s.TopCategories.Take(3).Select(c => $"{c.Value}:{c.Count}"))}";
            Console.WriteLine($"  {field.Name,-40} {field.Kind,-11} {summary}");
        }
    }
}
