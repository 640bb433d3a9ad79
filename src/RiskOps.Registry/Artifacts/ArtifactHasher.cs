using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RiskOps.Registry.Artifacts;

/// <summary>
/// Content hash of an artifact directory: SHA-256 over one line per file, sorted by relative path
/// ("path NUL length NUL sha256(file)"), so it identifies the artifact regardless of where it sits.
/// </summary>
public static class ArtifactHasher
{
    /// <summary>Hashes the files under <paramref name="directory"/>; returns the hex hash and the total size.</summary>
    public static async Task<(string Hash, long SizeBytes)> HashDirectoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(directory, f).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        foreach (var (full, relative) in files)
        {
            await using var stream = File.OpenRead(full);
            var fileHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            size += stream.Length;
            total.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{relative}\0{stream.Length}\0{fileHash}\n")));
        }
        return (Convert.ToHexStringLower(total.GetHashAndReset()), size);
    }
}
