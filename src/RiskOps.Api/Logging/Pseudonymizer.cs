using System.Security.Cryptography;
using System.Text;

namespace RiskOps.Api.Logging;

/// <summary>
/// Keyed pseudonyms (HMAC-SHA256) for entity ids in logs: stable, so one customer's predictions can be joined,
/// but not reversible without the key kept in the serving directory.
/// </summary>
internal sealed class Pseudonymizer
{
    private readonly byte[] _key;

    public Pseudonymizer(byte[] key) => _key = key;

    public static Pseudonymizer FromKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var fresh = RandomNumberGenerator.GetBytes(32);
            var temp = path + ".tmp";
            File.WriteAllBytes(temp, fresh);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temp); // another process created the key first: use theirs
            }
        }

        return new Pseudonymizer(File.ReadAllBytes(path));
    }

    /// <summary>Length of a pseudonym: 32 lowercase hex digits (the first 16 bytes of the HMAC).</summary>
    public const int Length = 32;

    public string Pseudonym(string entityId)
    {
        Span<byte> hex = stackalloc byte[Length];
        Pseudonym(entityId, hex);
        return Encoding.ASCII.GetString(hex);
    }

    /// <summary>The pseudonym as UTF-8 into <paramref name="destination"/> (<see cref="Length"/> bytes), without a string.</summary>
    public void Pseudonym(string entityId, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[32];
        // Ids are short: encode on the stack (this runs for every logged prediction).
        var max = Encoding.UTF8.GetMaxByteCount(entityId.Length);
        Span<byte> utf8 = max <= 256 ? stackalloc byte[max] : new byte[max];
        var length = Encoding.UTF8.GetBytes(entityId, utf8);
        HMACSHA256.HashData(_key, utf8[..length], hash);
        Convert.TryToHexStringLower(hash[..(Length / 2)], destination, out _);
    }
}
