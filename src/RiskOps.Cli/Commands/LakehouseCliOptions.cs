using System.CommandLine;
using RiskOps.Lakehouse;

namespace RiskOps.Cli.Commands;

/// <summary>Options shared by the lakehouse verbs: how much of the machine DuckDB may use.</summary>
internal static class LakehouseCliOptions
{
    public static readonly Option<int> Threads = new("--threads")
    {
        Description = "DuckDB worker threads (default: all cores).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public static readonly Option<string> MemoryLimit = new("--memory-limit")
    {
        Description = "DuckDB memory limit; larger work spills to disk under the lakehouse folder (e.g. 4GB).",
        DefaultValueFactory = _ => "4GB",
    };

    public static void AddTo(Command command)
    {
        command.Options.Add(Threads);
        command.Options.Add(MemoryLimit);
    }

    public static LakehouseOptions From(ParseResult parseResult) => new()
    {
        Threads = parseResult.GetValue(Threads),
        MemoryLimit = parseResult.GetValue(MemoryLimit)!,
    };
}
