using System.Text;
using System.Text.Json;
using RiskOps.Lakehouse.Sources;

namespace RiskOps.Lakehouse.Bronze;

/// <summary>
/// Decides which source a raw file belongs to and whether it is what it claims (text, the right
/// format, every contract column present) before a single byte is written to bronze.
/// </summary>
internal static class RawFileInspector
{
    /// <summary>Raw files under <paramref name="rawDir"/> in a stable order (reference data first, then by path).</summary>
    public static IReadOnlyList<string> Discover(string rawDir)
    {
        if (!Directory.Exists(rawDir))
        {
            return [];
        }
        return [.. Directory.EnumerateFiles(rawDir, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .OrderBy(f => SourceOrder(rawDir, f))
            .ThenBy(f => f, StringComparer.Ordinal)];
    }

    public static RawFile Inspect(string rawDir, string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(rawDir, full);
        var sourceName = SourceNameOf(relative);
        var source = SourceRegistry.Find(sourceName)
            ?? throw new LakehouseException($"{relative}: unknown source '{sourceName}' (known: {string.Join(", ", SourceRegistry.All.Select(s => s.Name))})");
        var extension = Path.GetExtension(full).ToLowerInvariant();
        var expected = source.FileExtension;
        if (extension != expected && !(source.Format == SourceFormat.JsonLines && extension == ".json"))
        {
            throw new LakehouseException($"{relative}: source '{source.Name}' is delivered as {expected} files, not '{extension}'");
        }
        var firstLine = ReadFirstLine(full, relative);
        return source.Format == SourceFormat.Csv
            ? new RawFile(full, relative, source, CheckCsvHeader(relative, source, firstLine))
            : new RawFile(full, relative, source, CheckJsonLine(full, relative, source, firstLine));
    }

    /// <summary>The source a path under raw/ belongs to: its first folder, or the file name for a reference file at the top.</summary>
    public static string SourceNameOf(string relativePath)
    {
        var parts = relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return parts.Length > 1 ? parts[0] : Path.GetFileNameWithoutExtension(parts[0]);
    }

    private static int SourceOrder(string rawDir, string file)
    {
        var name = SourceNameOf(Path.GetRelativePath(rawDir, file));
        var index = SourceRegistry.All.ToList().FindIndex(s => s.Name == name);
        return index < 0 ? int.MaxValue : index;
    }

    private static string ReadFirstLine(string full, string relative)
    {
        using var stream = File.OpenRead(full);
        var buffer = new byte[64 * 1024];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read == 0)
        {
            throw new LakehouseException($"{relative}: the file is empty");
        }
        if (Array.IndexOf(buffer, (byte)0, 0, read) >= 0)
        {
            throw new LakehouseException($"{relative}: not a text file (contains NUL bytes)");
        }
        var text = Encoding.UTF8.GetString(buffer, 0, read).TrimStart('\uFEFF');
        foreach (var line in text.Split('\n'))
        {
            if (line.Trim().Length > 0)
            {
                return line.TrimEnd('\r');
            }
        }
        throw new LakehouseException($"{relative}: the file has no content");
    }

    private static IReadOnlyList<string> CheckCsvHeader(string relative, SourceDefinition source, string header)
    {
        var columns = header.Split(',').Select(c => c.Trim().Trim('"').Trim()).ToList();
        var missing = source.ColumnNames.Where(c => !columns.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new LakehouseException($"{relative}: not a '{source.Name}' CSV: missing column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}");
        }
        var unexpected = columns.Where(c => !source.ColumnNames.Contains(c, StringComparer.Ordinal)).ToList();
        if (unexpected.Count > 0)
        {
            throw new LakehouseException($"{relative}: not a '{source.Name}' CSV: unexpected column{(unexpected.Count > 1 ? "s" : "")} {string.Join(", ", unexpected)}");
        }
        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count)
        {
            throw new LakehouseException($"{relative}: not a '{source.Name}' CSV: a column appears twice in the header");
        }
        return columns;
    }

    private static IReadOnlyList<string> CheckJsonLine(string full, string relative, SourceDefinition source, string firstLine)
    {
        // A truncated or otherwise broken first record is a malformed row like any other (silver quarantines
        // it); only a first line that is not even shaped like an object says the file is not JSON lines.
        if (!firstLine.TrimStart().StartsWith('{'))
        {
            throw new LakehouseException($"{relative}: not a JSON lines file (the first line is not a JSON object)");
        }
        return CheckJsonKeys(full, relative, source);
    }

    /// <summary>
    /// A contract key that appears in no line at all means the file is not what it claims (a missing
    /// column); a line lacking a key is only a malformed row, quarantined later. Stops reading as soon
    /// as every key was seen, which for a well-formed file is the first line.
    /// </summary>
    private static IReadOnlyList<string> CheckJsonKeys(string full, string relative, SourceDefinition source)
    {
        var missing = source.ColumnNames.ToHashSet(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(full))
        {
            if (missing.Count == 0)
            {
                break;
            }
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        missing.Remove(property.Name);
                    }
                }
            }
            catch (JsonException)
            {
                // A malformed line: silver quarantines it.
            }
        }
        if (missing.Count > 0)
        {
            var names = source.ColumnNames.Where(missing.Contains).ToList();
            throw new LakehouseException($"{relative}: not a '{source.Name}' JSON lines file: missing column{(names.Count > 1 ? "s" : "")} {string.Join(", ", names)}");
        }
        return [.. source.ColumnNames];
    }
}
