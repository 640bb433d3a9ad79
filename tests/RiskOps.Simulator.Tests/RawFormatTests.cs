using System.Globalization;
using System.Text.Json;

namespace RiskOps.Simulator.Tests;

/// <summary>The raw files follow docs/data-contract.md, and every injected defect is listed where it really is.</summary>
[Collection(WorldCollection.Name)]
public sealed class RawFormatTests(WorldFixture world)
{
    private string Raw => world.Layout.RawDir;
    private string Truth => world.Layout.GroundTruthDir;

    [Fact]
    public void EveryContractSource_IsWrittenWithContractColumns()
    {
        var rawSources = Contract.Tables.Keys.Where(k => !k.StartsWith("ground_truth/", StringComparison.Ordinal)).ToList();
        Assert.Equal(14, rawSources.Count);
        foreach (var source in rawSources)
        {
            var files = RawFiles.Files(Raw, source).ToList();
            Assert.True(files.Count > 0, $"no files for {source}");
            foreach (var file in files)
            {
                if (file.EndsWith(".csv", StringComparison.Ordinal))
                {
                    Assert.Equal(string.Join(',', Contract.Tables[source]), File.ReadLines(file).First());
                }
                else
                {
                    var first = JsonDocument.Parse(File.ReadLines(file).First(l => !LooksTruncated(l))).RootElement;
                    Assert.Equal(Contract.Tables[source], first.EnumerateObject().Select(p => p.Name).ToArray());
                }
            }
        }
    }

    [Fact]
    public void EventSources_AreDailyDeliveriesNamedByDate()
    {
        foreach (var source in RawValidator.EventSources)
        {
            foreach (var file in RawFiles.Files(Raw, source))
            {
                var rel = Path.GetRelativePath(Path.Combine(Raw, source), file).Split(Path.DirectorySeparatorChar);
                Assert.Equal(2, rel.Length);
                Assert.True(DateOnly.TryParseExact(rel[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), file);
                Assert.Matches($"^{source}-[0-9]{{3}}\\.(csv|jsonl)$", rel[1]);
            }
        }
    }

    [Fact]
    public void GroundTruthFiles_StartWithContractColumns()
    {
        foreach (var (key, columns) in Contract.Tables.Where(kv => kv.Key.StartsWith("ground_truth/", StringComparison.Ordinal)))
        {
            var header = File.ReadLines(Path.Combine(Truth, key["ground_truth/".Length..] + ".csv")).First().Split(',');
            Assert.Equal(columns, header[..columns.Length]);
        }
    }

    [Fact]
    public void InjectedDefects_ListExactlyTheBadRows()
    {
        var listed = Defects();
        var validator = new RawValidator(Raw);
        var checkedRows = 0;
        var seenIds = new Dictionary<string, HashSet<string>>();
        foreach (var source in RawValidator.EventSources)
        {
            var columns = Contract.Tables[source];
            var ids = seenIds[source] = [];
            foreach (var file in RawFiles.Files(Raw, source))
            {
                var rel = Path.GetRelativePath(Raw, file).Replace('\\', '/');
                var lineNo = 0;
                var json = file.EndsWith(".jsonl", StringComparison.Ordinal);
                foreach (var line in File.ReadLines(file))
                {
                    lineNo++;
                    if (!json && lineNo == 1)
                    {
                        continue;
                    }

                    string? problem;
                    string? id;
                    if (json)
                    {
                        JsonElement? e = null;
                        try
                        {
                            e = JsonDocument.Parse(line).RootElement.Clone();
                        }
                        catch (JsonException)
                        {
                        }

                        problem = e is null ? "not JSON" : validator.Validate(source, columns, RawValidator.JsonField(e.Value), e.Value.EnumerateObject().Count());
                        id = e is null ? null : Id(source, columns, RawValidator.JsonField(e.Value));
                    }
                    else
                    {
                        var fields = line.Split(',');
                        Func<string, string?> field = c => Array.IndexOf(columns, c) is var i and >= 0 && i < fields.Length ? fields[i] : "";
                        problem = validator.Validate(source, columns, field, fields.Length);
                        id = Id(source, columns, field);
                    }

                    listed.TryGetValue((rel, lineNo), out var kind);
                    var malformedListed = kind is not null and not "late" and not "duplicate";
                    if (problem is not null)
                    {
                        Assert.True(malformedListed, $"{rel}:{lineNo} is bad ({problem}) but listed as '{kind}'");
                    }
                    else
                    {
                        // A reading moved before its trip cannot be seen when the trip row itself lost a field.
                        var undetectable = kind == "backwards_timestamp" && source == "telematics" && validator.TripStart(line.Split(',')[1]) is null;
                        Assert.False(malformedListed && !undetectable, $"{rel}:{lineNo} is listed as {kind} but validates");
                        if (undetectable)
                        {
                            continue;
                        }

                        var firstTime = ids.Add(id!);
                        Assert.True(firstTime == (kind != "duplicate"), $"{rel}:{lineNo} id {id} first occurrence {firstTime} but listed as '{kind}'");
                    }

                    checkedRows++;
                }
            }
        }

        Assert.True(checkedRows > 100_000, $"checked {checkedRows} rows");
    }

    [Fact]
    public void InjectedDefects_HaveContractRates()
    {
        var listed = Defects();
        var telematics = world.Summary.RawRows["telematics"];
        var byKind = listed.Where(kv => kv.Key.File.StartsWith("telematics/", StringComparison.Ordinal)).GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Count());
        var malformed = byKind.Where(kv => kv.Key is not "late" and not "duplicate").Sum(kv => kv.Value);
        Assert.InRange(byKind["late"] / (double)telematics, 0.015, 0.025);
        Assert.InRange(byKind["duplicate"] / (double)telematics, 0.003, 0.007);
        Assert.InRange(malformed / (double)telematics, 0.0015, 0.0045);
    }

    [Fact]
    public void LateRows_AreInALaterDeliveryThanTheirEvent()
    {
        var late = Defects().Where(kv => kv.Value == "late" && kv.Key.File.StartsWith("telematics/", StringComparison.Ordinal)).Select(kv => kv.Key).ToHashSet();
        Assert.NotEmpty(late);
        var validator = new RawValidator(Raw);
        var checkedRows = 0;
        foreach (var (file, line) in late)
        {
            var delivery = DateOnly.ParseExact(file.Split('/')[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var row = File.ReadLines(Path.Combine(Raw, file)).ElementAt(line - 1).Split(',');
            if (validator.TripStart(row[1]) is not { } start)
            {
                continue;
            }

            // On time, a trip's readings are delivered on the local date the trip started.
            Assert.InRange(delivery.DayNumber - DateOnly.FromDateTime(start.DateTime).DayNumber, 1, 3);
            checkedRows++;
        }

        Assert.True(checkedRows > late.Count * 0.95);
    }

    [Fact]
    public void Timestamps_CarryTheCityOffset()
    {
        var offsets = RawFiles.Csv(Raw, "cities").ToDictionary(r => r[0], r => int.Parse(r[3], CultureInfo.InvariantCulture));
        foreach (var row in RawFiles.CleanCsv(Raw, "traffic", 4, dedupeByFirst: false).Take(5_000))
        {
            Assert.True(RawValidator.TryTs(row[2], out var ts), row[2]);
            Assert.Equal(TimeSpan.FromMinutes(offsets[row[0]]), ts.Offset);
        }
    }

    private Dictionary<(string File, int Line), string> Defects()
    {
        var result = new Dictionary<(string, int), string>();
        foreach (var row in RawFiles.Truth(Truth, "injected_defects.csv"))
        {
            Assert.Equal(5, row.Length);
            Assert.True(result.TryAdd((row[1], int.Parse(row[2], CultureInfo.InvariantCulture)), row[4]), $"listed twice: {row[1]}:{row[2]}");
        }

        return result;
    }

    private static bool LooksTruncated(string line) => !line.StartsWith('{') || !line.EndsWith('}');

    private static string Id(string source, string[] columns, Func<string, string?> field) => source switch
    {
        "weather" => $"{field("city")}@{field("observed_at")}",
        "traffic" => $"{field("city")}|{field("road_type")}|{field("hour_start")}",
        "traces" => $"{field("trip_id")}:{field("second")}",
        _ => field(columns[0])!,
    };
}
