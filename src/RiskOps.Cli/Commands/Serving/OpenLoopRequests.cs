using RiskOps.Core.Errors;

namespace RiskOps.Cli.Commands.Serving;

/// <summary>Pre-built HTTP requests handed from <c>bench api</c> to the generator process: a count, then each request length-prefixed.</summary>
internal static class OpenLoopRequests
{
    public static void Write(string path, IReadOnlyList<byte[]> requests)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(requests.Count);
        foreach (var request in requests)
        {
            writer.Write(request.Length);
            writer.Write(request);
        }
    }

    public static byte[][] Read(string path)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            var requests = new byte[reader.ReadInt32()][];
            for (var i = 0; i < requests.Length; i++)
            {
                requests[i] = reader.ReadBytes(reader.ReadInt32());
            }

            return requests.Length > 0 ? requests : throw new RiskOpsException($"{path}: no requests.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new RiskOpsException($"{path}: not a request file ({ex.Message}).");
        }
    }
}
