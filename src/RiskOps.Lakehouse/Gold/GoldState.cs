using System.Globalization;

namespace RiskOps.Lakehouse.Gold;

/// <summary>
/// What the last gold build covered, so the next one can be incremental: the silver run it read up to, the retention
/// horizon it honoured, the data horizon and the span of booking buckets. Stored as <c>key=value</c> lines; a missing or
/// unreadable file means "rebuild everything".
/// </summary>
internal sealed record GoldState(long LastSilverRun, string? KeepFrom, DateTime? Horizon, DateTime? BookingsLo, DateTime? BookingsHi)
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF";

    public static GoldState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var values = File.ReadAllLines(path).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            return new GoldState(
                long.Parse(values["last_silver_run"], CultureInfo.InvariantCulture),
                Text(values.GetValueOrDefault("keep_from")),
                Time(values.GetValueOrDefault("horizon")),
                Time(values.GetValueOrDefault("bookings_lo")),
                Time(values.GetValueOrDefault("bookings_hi")));
        }
        catch (Exception ex) when (ex is FormatException or KeyNotFoundException or IOException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Writes the state atomically (a temp file renamed over the old one).</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.WriteAllLines(temp,
        [
            string.Create(CultureInfo.InvariantCulture, $"last_silver_run={LastSilverRun}"),
            $"keep_from={KeepFrom}",
            $"horizon={Show(Horizon)}",
            $"bookings_lo={Show(BookingsLo)}",
            $"bookings_hi={Show(BookingsHi)}",
        ]);
        File.Move(temp, path, overwrite: true);
    }

    private static string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static DateTime? Time(string? value) =>
        string.IsNullOrEmpty(value) ? null : DateTime.ParseExact(value, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string Show(DateTime? value) => value?.ToString(Format, CultureInfo.InvariantCulture) ?? "";
}
