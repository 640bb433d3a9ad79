using System.Globalization;
using RiskOps.Core.Lakehouse;
using RiskOps.Simulator;

namespace RiskOps.Lakehouse.Tests;

/// <summary>
/// Incremental gold against the oracle of a full rebuild: a small world is streamed into the lakehouse one delivery
/// day at a time (with many late and duplicated rows, so later days change earlier buckets), gold is built after
/// each day, and every gold table must equal a forced full rebuild of the same silver.
/// </summary>
public sealed class IncrementalGoldTests
{
    private static readonly string[] s_tables =
    [
        GoldTables.CustomerDrivingBehavior, GoldTables.ParkingBayDemandHistory, GoldTables.CustomerProfile, GoldTables.CustomerIncidentHistory,
        GoldTables.ClaimsEnriched, GoldTables.WeatherFeatures, GoldTables.PublicEventsCalendar, GoldTables.Customers, GoldTables.Vehicles,
        GoldTables.Bays, GoldTables.Cities,
    ];

    [Theory]
    [InlineData(7L, false)]
    [InlineData(8L, true)]
    public async Task DailyIncrementalGold_EqualsAFullRebuildOfTheSameSilver(long seed, bool holdBackContext)
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDataDir();
        var options = new SimulationOptions
        {
            Seed = seed, Customers = 120, Vehicles = 20, Bays = 6, Days = 10, LateRate = 0.12, DuplicateRate = 0.03,
            ExpectedHazardTrips = 0, MaxDegreeOfParallelism = 2,
        };
        using var lake = dir.Open();
        var deliveries = 0;
        var heldBack = new List<string>();
        await WorldSimulator.StreamAsync(options, dir.Layout, (delivery, token) =>
        {
            var paths = new List<string>();
            var files = delivery.Files.ToList();
            if (holdBackContext && deliveries == 2)
            {
                // The third day's weather and traffic arrive five days late, after every late row of its trips: only
                // the context change can make gold recompute those trips' rain- and traffic-weighted braking.
                foreach (var file in files.Where(f => f.StartsWith("weather/", StringComparison.Ordinal) || f.StartsWith("traffic/", StringComparison.Ordinal)).ToList())
                {
                    var aside = Path.Combine(dir.Layout.Root, "held", file);
                    Directory.CreateDirectory(Path.GetDirectoryName(aside)!);
                    File.Move(Path.Combine(delivery.RawRoot, file), aside);
                    heldBack.Add(file);
                    files.Remove(file);
                }
            }
            if (holdBackContext && deliveries == 7)
            {
                foreach (var file in heldBack)
                {
                    var target = Path.Combine(dir.Layout.RawDir, file);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Move(Path.Combine(dir.Layout.Root, "held", file), target);
                    paths.Add(target);
                }
            }
            foreach (var file in files)
            {
                var target = Path.Combine(dir.Layout.RawDir, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(Path.Combine(delivery.RawRoot, file), target);
                paths.Add(target);
            }
            lake.Ingest(paths, null, token);
            lake.RunSilver(null, token);
            lake.RunGold(false, null, token);
            deliveries++;
            return Task.CompletedTask;
        }, null, ct);
        Assert.True(deliveries > options.Days, $"expected late-only deliveries after the last day, got {deliveries}");
        Assert.Equal(holdBackContext ? 2 : 0, heldBack.Count);

        var snapshot = Path.Combine(dir.Layout.Root, "incremental-gold");
        CopyDirectory(dir.Layout.GoldDir, snapshot);
        lake.RunGold(force: true, cancellationToken: ct);

        foreach (var table in s_tables)
        {
            var incremental = Rows(lake, Path.Combine(snapshot, table), ct);
            var rebuilt = Rows(lake, dir.Layout.GoldTableDir(table), ct);
            Assert.True(rebuilt.Count > 0, $"{table}: the full rebuild is empty");
            Assert.Equal(rebuilt.Count, incremental.Count);
            for (var i = 0; i < rebuilt.Count; i++)
            {
                AssertSameRow(table, rebuilt[i], incremental[i]);
            }
        }
    }

    /// <summary>Every row as text fields (created_ts left out), sorted by the non-double columns, then the doubles.</summary>
    private static List<string?[]> Rows(LakehousePipeline lake, string tableDir, CancellationToken ct)
    {
        if (!Directory.Exists(tableDir) || !Directory.EnumerateFiles(tableDir, "*.parquet", SearchOption.AllDirectories).Any())
        {
            return [];
        }
        var from = $"read_parquet('{Path.Combine(tableDir, "**", "*.parquet")}', union_by_name = true)";
        var names = lake.QueryColumn($"SELECT column_name FROM (DESCRIBE SELECT * FROM {from}) WHERE column_name <> '{GoldTables.CreatedTimestamp}'", ct);
        var types = lake.QueryColumn($"SELECT column_type FROM (DESCRIBE SELECT * FROM {from}) WHERE column_name <> '{GoldTables.CreatedTimestamp}'", ct);
        var order = names.Zip(types).OrderBy(c => c.Second == "DOUBLE").Select(c => c.Second == "DOUBLE" ? $"round(\"{c.First}\", 6)" : $"\"{c.First}\"");
        var columns = string.Join(" || '\u001f' || ", names.Select(n => $"coalesce(\"{n}\"::VARCHAR, '∅')"));
        return [.. lake.QueryColumn($"SELECT {columns} FROM {from} ORDER BY {string.Join(", ", order)}", ct).Select(r => r!.Split('\u001f'))];
    }

    private static void AssertSameRow(string table, string?[] expected, string?[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var c = 0; c < expected.Length; c++)
        {
            if (expected[c] == actual[c])
            {
                continue;
            }
            // Sums of doubles may associate differently when the windows are computed from a different set of rows.
            var close = double.TryParse(expected[c], CultureInfo.InvariantCulture, out var e) && double.TryParse(actual[c], CultureInfo.InvariantCulture, out var a)
                        && Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e));
            Assert.True(close, $"{table}: column {c} differs: full {expected[c]} vs incremental {actual[c]} in row [{string.Join(", ", expected)}]");
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
