using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RiskOps.Registry;
using RiskOps.Registry.Manifests;
using RiskOps.Registry.Sqlite;
using Spectre.Console;

namespace RiskOps.Cli.Commands.Models;

/// <summary>Shared pieces of the registry verbs: opening the registry, common options, printing.</summary>
internal static class RegistryConsole
{
    public static readonly Option<string?> Actor = new("--actor")
    {
        Description = "Who makes the change, for the audit log. Default: the current user name.",
    };

    public static readonly Option<string?> Reason = new("--reason")
    {
        Description = "Why, for the audit log (required with --force).",
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print JSON instead of a table.",
    };

    public static Task<SqliteModelRegistry> OpenAsync(ParseResult parseResult, CancellationToken cancellationToken, double? margin = null)
    {
        var options = new RegistryOptions();
        if (margin is { } m)
        {
            options.PromotionMargin = m;
        }
        return SqliteModelRegistry.OpenAsync(CommonOptions.Layout(parseResult), options, cancellationToken: cancellationToken);
    }

    public static void WriteJson<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, ManifestFile.JsonOptions));

    public static string Number(double? value) => value is { } v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "—";

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string ShortCommit(string? commit) => commit is null ? "unknown" : commit[..Math.Min(12, commit.Length)];

    public static void WriteVersion(ModelVersion version)
    {
        var manifest = version.Manifest;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, string value) => grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value));
        Row("model", $"{version.ModelName} v{version.Version}");
        Row("stage", version.Stage.ToString());
        Row("aliases", version.Aliases.Count == 0 ? "—" : string.Join(", ", version.Aliases));
        Row("registered", $"{Time(version.RegisteredAt)} by {version.RegisteredBy}");
        Row("git commit", version.GitCommit ?? "unknown");
        Row("trainer", manifest.Trainer);
        var signature = manifest.Signature;
        var service = signature.FeatureService is null ? "" : $" from {signature.FeatureService}@{signature.FeatureServiceVersion?.ToString(CultureInfo.InvariantCulture) ?? "?"}";
        Row("signature", $"{signature.Task}, {signature.Inputs.Count} inputs{service}: {string.Join(", ", signature.Inputs.Select(i => i.Kind == Core.Modeling.FeatureKind.Categorical ? i.Name + " (cat)" : i.Name))}");
        Row("training data", $"{string.Join(", ", manifest.Data.Tables)} as of {Time(manifest.Data.AsOf)}, {manifest.Data.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows{(manifest.Data.DatasetPath is null ? "" : $" ({manifest.Data.DatasetPath})")}");
        Row("primary metric", $"{manifest.PrimaryMetric} = {Number(manifest.Metrics[manifest.PrimaryMetric])} ({(manifest.HigherIsBetter ? "higher" : "lower")} is better)");
        Row("metrics", string.Join("  ", manifest.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={Number(m.Value)}")));
        Row("parameters", manifest.Parameters.Count == 0 ? "—" : string.Join("  ", manifest.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        Row("artifact", $"{version.ArtifactPath} ({version.SizeBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, sha256 {version.ContentHash})");
        Row("report", manifest.ReportPath ?? "—");
        AnsiConsole.Write(grid);
    }
}
