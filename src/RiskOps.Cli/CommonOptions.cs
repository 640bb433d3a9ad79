using System.CommandLine;
using RiskOps.Core.Storage;

namespace RiskOps.Cli;

/// <summary>Options every verb understands.</summary>
internal static class CommonOptions
{
    public static readonly Option<string> DataDir = new("--data-dir")
    {
        Description = "Directory holding everything the embedded deployment writes (raw files, lakehouse, features, registry).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RISKOPS_DATA_DIR") ?? "./data",
        Recursive = true,
    };

    public static DataLayout Layout(ParseResult parseResult) => DataLayout.Open(parseResult.GetValue(DataDir)!);
}
