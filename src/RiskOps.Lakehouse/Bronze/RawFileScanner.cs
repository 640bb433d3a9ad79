using System.Buffers;
using System.Security.Cryptography;
using RiskOps.Lakehouse.Sources;

namespace RiskOps.Lakehouse.Bronze;

/// <summary>
/// One pass over a raw file's bytes: its SHA-256 (the batch identity) and its record count (the bronze row
/// count in the catalog). Counting here, while the bytes are hashed anyway, is why bronze can keep the raw file
/// as is instead of parsing it: the count must equal what silver's parse sees, so it follows DuckDB's rules.
/// CSV: records end at a newline outside double quotes, empty lines are skipped (as DuckDB's reader does) and
/// the first record is the header. JSON lines: every line with anything but spaces and carriage returns.
/// </summary>
internal static class RawFileScanner
{
    private static readonly SearchValues<byte> s_csvBlank = SearchValues.Create("\r"u8);
    private static readonly SearchValues<byte> s_jsonBlank = SearchValues.Create(" \r"u8);

    public static (string Hash, long Records) HashAndCount(string path, SourceFormat format)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        var csv = format == SourceFormat.Csv;
        long records = 0;
        var inQuotes = false;
        var content = false;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            var span = buffer.AsSpan(0, read);
            while (!span.IsEmpty)
            {
                // Vectorised search for the next byte that matters; the rest only decides whether a line is blank.
                var next = csv ? span.IndexOfAny((byte)'\n', (byte)'"') : span.IndexOf((byte)'\n');
                var segment = next < 0 ? span : span[..next];
                if (!content && segment.IndexOfAnyExcept(csv ? s_csvBlank : s_jsonBlank) >= 0)
                {
                    content = true;
                }
                if (next < 0)
                {
                    break;
                }
                if (span[next] == (byte)'"')
                {
                    inQuotes = !inQuotes;
                    content = true;
                }
                else if (!inQuotes)
                {
                    if (content)
                    {
                        records++;
                    }
                    content = false;
                }
                span = span[(next + 1)..];
            }
        }
        if (content)
        {
            records++;
        }
        return (Convert.ToHexStringLower(sha.GetHashAndReset()), csv ? Math.Max(0, records - 1) : records);
    }
}
