using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RiskOps.Simulator.Output;

/// <summary>Invariant formatting of raw values (ISO-8601 local time with offset, fixed decimals).</summary>
internal static class Fmt
{
    // Relaxed escaping keeps "+01:00" readable; the output is still valid JSON.
    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static StringBuilder Ts(this StringBuilder sb, DateTime localMidnight, long localSec, string offset) =>
        sb.Append(CultureInfo.InvariantCulture, $"{localMidnight.AddSeconds(localSec):yyyy-MM-dd'T'HH:mm:ss}").Append(offset);

    public static string Ts(DateTime localMidnight, long localSec, string offset) =>
        string.Create(CultureInfo.InvariantCulture, $"{localMidnight.AddSeconds(localSec):yyyy-MM-dd'T'HH:mm:ss}{offset}");

    public static StringBuilder Num(this StringBuilder sb, double value, string format) =>
        sb.Append(value.ToString(format, CultureInfo.InvariantCulture));

    public static StringBuilder Int(this StringBuilder sb, long value) => sb.Append(value);

    public static string Json(string value) => JsonSerializer.Serialize(value, s_json);

    public static string Num(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
