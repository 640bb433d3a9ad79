using System.Globalization;
using System.CommandLine;
using RiskOps.Core.Errors;
using RiskOps.Features;

namespace RiskOps.Cli.Commands;

/// <summary>Shared helpers of the feature-store verbs.</summary>
internal static class FeatureStoreCli
{
    public static readonly Option<string[]> Views = new("--views")
    {
        Description = "Only these views (default: every online view).",
        AllowMultipleArgumentsPerToken = true,
    };

    public static FeatureStore Open(ParseResult parseResult) => FeatureStore.Open(CommonOptions.Layout(parseResult));

    public static DateTimeOffset ParseInstant(string value, string name) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw new RiskOpsException($"{name} '{value}' is not a date or timestamp (e.g. 2026-03-01 or 2026-03-01T06:00:00Z)");

    public static string Format(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "-";
}
