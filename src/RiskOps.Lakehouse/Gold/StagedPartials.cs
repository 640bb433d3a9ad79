using System.Globalization;

namespace RiskOps.Lakehouse.Gold;

/// <summary>
/// The per-customer per-day partial sums behind customer_driving_behavior: one folder per day bucket
/// (<c>pday=yyyy-MM-dd</c>, the bucket_end date) in the state folder, and those recomputed by the current build in
/// staging. Reads see the staged days in place of the live ones; <see cref="Commit"/> moves them in.
/// </summary>
internal sealed class StagedPartials(string liveDir, string stagedDir, bool full)
{
    private readonly HashSet<string> _replaced = new(StringComparer.Ordinal);

    /// <summary>Marks the days (bucket_end) recomputed by this build; in a full build every day is.</summary>
    public void Replace(IEnumerable<DateTime> days)
    {
        foreach (var day in days)
        {
            _replaced.Add(Key(day));
        }
    }

    /// <summary>The partial files of the days in <paramref name="range"/> (inclusive; null for all), staged ones first choice.</summary>
    public IReadOnlyList<string> Files((DateTime From, DateTime To)? range)
    {
        var (from, to) = range is { } r ? (Key(r.From), Key(r.To)) : ("", "9999");
        bool InRange(string day) => string.CompareOrdinal(day, from) >= 0 && string.CompareOrdinal(day, to) <= 0;
        var files = new List<string>();
        var staged = Days(stagedDir);
        files.AddRange(staged.Where(d => InRange(d.Key)).SelectMany(d => d.Value));
        if (!full)
        {
            files.AddRange(Days(liveDir).Where(d => InRange(d.Key) && !_replaced.Contains(d.Key) && !staged.ContainsKey(d.Key)).SelectMany(d => d.Value));
        }
        return files;
    }

    /// <summary>The files of exactly the days in <paramref name="days"/> that have some, staged ones first choice.</summary>
    public IReadOnlyList<string> FilesOf(IEnumerable<DateTime> days)
    {
        var wanted = days.Select(Key).ToHashSet(StringComparer.Ordinal);
        var staged = Days(stagedDir);
        var files = staged.Where(d => wanted.Contains(d.Key)).SelectMany(d => d.Value).ToList();
        if (!full)
        {
            files.AddRange(Days(liveDir).Where(d => wanted.Contains(d.Key) && !_replaced.Contains(d.Key) && !staged.ContainsKey(d.Key)).SelectMany(d => d.Value));
        }
        return files;
    }

    /// <summary>The days a read sees (staged or live, not replaced by an empty day), as yyyy-MM-dd keys.</summary>
    public IReadOnlySet<string> VisibleDays()
    {
        var staged = Days(stagedDir);
        var days = staged.Where(d => d.Value.Count > 0).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        if (!full)
        {
            days.UnionWith(Days(liveDir).Where(d => d.Value.Count > 0 && !_replaced.Contains(d.Key) && !staged.ContainsKey(d.Key)).Select(d => d.Key));
        }
        return days;
    }

    /// <summary>The committed days of a state folder that hold files, as yyyy-MM-dd keys (nothing staged is involved).</summary>
    public static IReadOnlySet<string> CommittedDays(string liveDir) =>
        Days(liveDir).Where(d => d.Value.Count > 0).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>Deletes the committed days before <paramref name="before"/> (a bound on what later builds read).</summary>
    public void Prune(DateTime before)
    {
        var limit = Key(before);
        foreach (var day in Days(liveDir).Keys.Where(d => string.CompareOrdinal(d, limit) < 0))
        {
            Directory.Delete(Path.Combine(liveDir, "pday=" + day), recursive: true);
        }
    }

    public static string Key(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Moves the staged days into the state folder (a full build replaces the folder).</summary>
    public void Commit()
    {
        if (full)
        {
            if (Directory.Exists(liveDir))
            {
                Directory.Delete(liveDir, recursive: true);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(liveDir)!);
            if (Directory.Exists(stagedDir))
            {
                Directory.Move(stagedDir, liveDir);
            }
            else
            {
                Directory.CreateDirectory(liveDir);
            }
            return;
        }
        Directory.CreateDirectory(liveDir);
        foreach (var day in _replaced)
        {
            var live = Path.Combine(liveDir, "pday=" + day);
            if (Directory.Exists(live))
            {
                Directory.Delete(live, recursive: true);
            }
            var staged = Path.Combine(stagedDir, "pday=" + day);
            if (Directory.Exists(staged))
            {
                Directory.Move(staged, live);
            }
        }
    }

    private static Dictionary<string, List<string>> Days(string root) =>
        !Directory.Exists(root)
            ? []
            : Directory.EnumerateDirectories(root, "pday=*").ToDictionary(
                d => Path.GetFileName(d)["pday=".Length..],
                d => Directory.EnumerateFiles(d, "*.parquet").Order(StringComparer.Ordinal).ToList(),
                StringComparer.Ordinal);
}
