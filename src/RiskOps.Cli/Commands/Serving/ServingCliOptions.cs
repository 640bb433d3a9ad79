using System.CommandLine;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>Options shared by the serving verbs.</summary>
internal static class ServingCliOptions
{
    public const string DefaultUrls = "http://localhost:5080";

    public static Option<string> Urls() => new("--urls")
    {
        Description = "Address(es) the service listens on, separated by ';'.",
        DefaultValueFactory = _ => DefaultUrls,
    };
}
