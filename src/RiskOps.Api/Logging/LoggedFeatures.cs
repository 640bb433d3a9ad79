using System.Buffers;
using System.Text.Json;
using RiskOps.Api.Models;

namespace RiskOps.Api.Logging;

/// <summary>
/// A prediction's features as the log stores them: the scored vector against its model's layout, turned into JSON by
/// the background writer. Requests only hand over references (a cached entry's vector is shared, not copied), so a
/// queued entry is a few dozen bytes instead of a dictionary of boxed values that would survive into older GC generations.
/// </summary>
internal sealed record LoggedFeatures(FeatureLayout Layout, FeatureVector Values)
{
    /// <summary>
    /// The features as a JSON object in UTF-8, NaN and absent values as null (what the API shows); the log writer stores
    /// the bytes as TEXT (SQLite's own encoding) without a UTF-16 string in between.
    /// </summary>
    public byte[] ToUtf8Json(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer) => WriteUtf8Json(buffer, writer).ToArray();

    /// <summary><see cref="ToUtf8Json"/> without the copy: the bytes in <paramref name="buffer"/>, valid until its next use.</summary>
    public ReadOnlySpan<byte> WriteUtf8Json(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        Layout.WriteDisplay(writer, Values);
        writer.Flush();
        return buffer.WrittenSpan;
    }
}
