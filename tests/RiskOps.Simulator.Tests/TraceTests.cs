namespace RiskOps.Simulator.Tests;

/// <summary>Per-second traces describe the same drive as the 30-second readings of their trip.</summary>
[Collection(WorldCollection.Name)]
public sealed class TraceTests(WorldFixture world)
{
    [Fact]
    public void Traces_CoverAboutFivePercentOfTrips_AndAgreeWithReadings()
    {
        var raw = world.Layout.RawDir;
        var starts = new Dictionary<string, DateTimeOffset>();
        foreach (var t in RawFiles.CleanCsv(raw, "trips", 11))
        {
            if (RawValidator.TryTs(t[5], out var s))
            {
                starts[t[0]] = s;
            }
        }

        var trace = new Dictionary<(string Trip, int Second), double>();
        foreach (var r in RawFiles.CleanCsv(raw, "traces", 5, dedupeByFirst: false))
        {
            if (int.TryParse(r[1], out var second) && RawFiles.TryDouble(r[2], out var speed))
            {
                trace[(r[0], second)] = speed;
            }
        }

        var traced = trace.Keys.Select(k => k.Trip).ToHashSet();
        Assert.InRange(traced.Count / (double)starts.Count, 0.035, 0.065);

        var diffs = new List<double>();
        foreach (var e in RawFiles.CleanCsv(raw, "telematics", 14))
        {
            if (e[12] != "sample" || !traced.Contains(e[1]) || !starts.TryGetValue(e[1], out var start) || !RawValidator.TryTs(e[4], out var at))
            {
                continue;
            }

            var second = (int)(at - start).TotalSeconds;
            if (trace.TryGetValue((e[1], second), out var traceSpeed) && traceSpeed > 10)
            {
                diffs.Add(Math.Abs(RawFiles.D(e[8]) - traceSpeed) / traceSpeed);
            }
        }

        Assert.True(diffs.Count > 500, $"only {diffs.Count} readings matched a trace second");
        var sorted = diffs.Order().ToList();
        Assert.True(sorted[sorted.Count / 2] < 0.05, $"median relative speed difference {sorted[sorted.Count / 2]:F3}");
    }
}
