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

    /// <summary>Appends yyyy-MM-ddTHH:mm:ss+hh:mm. Digits are written by hand: custom DateTime format strings are re-parsed on every call, and this runs once per telematics row.</summary>
    public static StringBuilder Ts(this StringBuilder sb, DateTime localMidnight, long localSec, string offset)
    {
        var t = localMidnight.AddSeconds(localSec);
        Span<char> c = stackalloc char[19];
        Digits(c[..4], t.Year);
        c[4] = '-';
        Digits(c.Slice(5, 2), t.Month);
        c[7] = '-';
        Digits(c.Slice(8, 2), t.Day);
        c[10] = 'T';
        Digits(c.Slice(11, 2), t.Hour);
        c[13] = ':';
        Digits(c.Slice(14, 2), t.Minute);
        c[16] = ':';
        Digits(c.Slice(17, 2), t.Second);
        return sb.Append(c).Append(offset);
    }

    private static void Digits(Span<char> target, int value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    public static string Ts(DateTime localMidnight, long localSec, string offset) => new StringBuilder(25).Ts(localMidnight, localSec, offset).ToString();

    public static StringBuilder Num(this StringBuilder sb, double value, string format)
    {
        Span<char> buffer = stackalloc char[32];
        return value.TryFormat(buffer, out var written, format, CultureInfo.InvariantCulture)
            ? sb.Append(buffer[..written])
            : sb.Append(value.ToString(format, CultureInfo.InvariantCulture));
    }

    public static StringBuilder Int(this StringBuilder sb, long value) => sb.Append(value);

    public static string Json(string value) => JsonSerializer.Serialize(value, s_json);

    public static string Num(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
