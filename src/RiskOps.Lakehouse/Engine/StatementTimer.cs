using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RiskOps.Lakehouse.Engine;

/// <summary>
/// Measures one statement's wall time and the process's CPU time while it ran (DuckDB's worker threads
/// are in this process), labelled by the statement text with long literals (file lists) shortened.
/// </summary>
internal sealed partial class StatementTimer(string sql, List<(string Label, TimeSpan Wall, TimeSpan Cpu)> sink) : IDisposable
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

    public void Dispose()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpu;
        sink.Add((Label(sql), Stopwatch.GetElapsedTime(_start), cpu));
    }

    private static string Label(string sql)
    {
        var text = Whitespace().Replace(LongLiteral().Replace(sql, "'…'"), " ").Trim();
        text = Numbered().Replace(text, "_n");
        return text.Length <= 140 ? text : text[..140];
    }

    [GeneratedRegex(@"'[^']{24,}'")]
    private static partial Regex LongLiteral();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // bronze_rejects_12 and r000042 name one run; strip the number so repeated statements group together.
    [GeneratedRegex(@"(?<=_)\d+\b|\br\d{6}")]
    private static partial Regex Numbered();
}
