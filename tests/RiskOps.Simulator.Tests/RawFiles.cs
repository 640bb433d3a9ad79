using System.Globalization;
using System.Text.Json;

namespace RiskOps.Simulator.Tests;

/// <summary>Reads what the simulator wrote, independently of its code: plain CSV splitting and JSON parsing.</summary>
internal static class RawFiles
{
    public static IEnumerable<string> Files(string rawDir, string source) =>
        Directory.Exists(Path.Combine(rawDir, source))
            ? Directory.EnumerateFiles(Path.Combine(rawDir, source), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [];

    /// <summary>Data rows of every delivery of a CSV source as field arrays (header skipped).</summary>
    public static IEnumerable<string[]> Csv(string rawDir, string source)
    {
        foreach (var file in Files(rawDir, source))
        {
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                yield return line.Split(',');
            }
        }
    }

    /// <summary>Well-formed rows only (right field count), deduplicated by the first column (or by the whole line).</summary>
    public static List<string[]> CleanCsv(string rawDir, string source, int columns, bool dedupeByFirst = true)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<string[]>();
        foreach (var row in Csv(rawDir, source))
        {
            if (row.Length != columns || !seen.Add(dedupeByFirst ? row[0] : string.Join(',', row)))
            {
                continue;
            }

            rows.Add(row);
        }

        return rows;
    }

    public static IEnumerable<JsonElement?> JsonLines(string rawDir, string source)
    {
        foreach (var file in Files(rawDir, source))
        {
            foreach (var line in File.ReadLines(file))
            {
                JsonElement? element;
                try
                {
                    element = JsonDocument.Parse(line).RootElement.Clone();
                }
                catch (JsonException)
                {
                    element = null;
                }

                yield return element;
            }
        }
    }

    public static List<string[]> Truth(string truthDir, string file) =>
        [.. File.ReadLines(Path.Combine(truthDir, file)).Skip(1).Select(l => l.Split(','))];

    public static bool TryDouble(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
