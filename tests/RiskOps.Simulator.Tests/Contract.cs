using System.Text.RegularExpressions;

namespace RiskOps.Simulator.Tests;

/// <summary>Column lists read from docs/data-contract.md itself, so a drift between the doc and the files fails a test.</summary>
internal static partial class Contract
{
    private static readonly Lazy<Dictionary<string, string[]>> s_tables = new(Load);

    /// <summary>Columns by table name: raw sources from the three-column table, ground truth as "ground_truth/&lt;name&gt;".</summary>
    public static Dictionary<string, string[]> Tables => s_tables.Value;

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "docs", "data-contract.md")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("docs/data-contract.md not found above the test binaries");
    }

    private static Dictionary<string, string[]> Load()
    {
        var tables = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var section = "";
        foreach (var line in File.ReadLines(Path.Combine(RepoRoot(), "docs", "data-contract.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line;
            }

            var m = Row().Match(line);
            if (!m.Success)
            {
                continue;
            }

            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            var name = cells[0].Trim('`');
            var columns = Parenthesis().Replace(cells[^1], "").Split(',').Select(c => c.Trim()).Where(c => c.Length > 0).ToArray();
            var key = section.StartsWith("## Ground truth", StringComparison.Ordinal) ? $"ground_truth/{name}" : name;
            if (section.StartsWith("## Raw", StringComparison.Ordinal) || section.StartsWith("## Ground truth", StringComparison.Ordinal))
            {
                tables[key] = columns;
            }
        }

        return tables;
    }

    [GeneratedRegex(@"^\| `[a-z_]+` \|")]
    private static partial Regex Row();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesis();
}
