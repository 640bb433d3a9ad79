using System.Security.Cryptography;
using RiskOps.Core.Storage;

namespace RiskOps.Simulator.Tests;

public sealed class DeterminismTests
{
    private static readonly SimulationOptions s_tiny = new()
    {
        Customers = 300, Vehicles = 40, Bays = 10, Days = 5, StartDate = new DateOnly(2026, 5, 4), TraceRate = 0.2,
    };

    [Fact]
    public async Task Run_SameSeedAnyParallelism_WritesByteIdenticalFiles()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        await WorldSimulator.RunAsync(s_tiny with { MaxDegreeOfParallelism = 1 }, DataLayout.Open(a.Path), null, TestContext.Current.CancellationToken);
        await WorldSimulator.RunAsync(s_tiny with { MaxDegreeOfParallelism = 4 }, DataLayout.Open(b.Path), null, TestContext.Current.CancellationToken);

        var hashesA = Hashes(a.Path);
        Assert.True(hashesA.Count > 40, $"expected many files, got {hashesA.Count}");
        Assert.Equal(hashesA, Hashes(b.Path));
    }

    [Fact]
    public async Task Run_DifferentSeed_WritesDifferentFiles()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        await WorldSimulator.RunAsync(s_tiny, DataLayout.Open(a.Path), null, TestContext.Current.CancellationToken);
        await WorldSimulator.RunAsync(s_tiny with { Seed = s_tiny.Seed + 1 }, DataLayout.Open(b.Path), null, TestContext.Current.CancellationToken);

        var hashesA = Hashes(a.Path);
        var hashesB = Hashes(b.Path);
        var common = hashesA.Keys.Intersect(hashesB.Keys).Where(k => k.Contains("telematics", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(common);
        Assert.All(common, k => Assert.NotEqual(hashesA[k], hashesB[k]));
    }

    [Fact]
    public async Task Stream_DailyDeliveries_ConcatenateToTheSameBytesAsOneRun()
    {
        using var whole = new TempDir();
        using var streamed = new TempDir();
        var options = s_tiny with { Days = 8, LateRate = 0.05, DuplicateRate = 0.02 };
        await WorldSimulator.RunAsync(options, DataLayout.Open(whole.Path), null, TestContext.Current.CancellationToken);

        var landed = Path.Combine(streamed.Path, "landed");
        var dates = new List<DateOnly>();
        var layout = DataLayout.Open(streamed.Path);
        await WorldSimulator.StreamAsync(options, layout, (delivery, _) =>
        {
            dates.Add(delivery.Date);
            var folder = delivery.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var file in delivery.Files)
            {
                var parts = file.Split('/');
                // Every event file belongs to its delivery date; reference files come with the first delivery.
                Assert.True(parts.Length == 2 ? dates.Count == 1 : parts[1] == folder, $"{file} handed over on {folder}");
                var target = Path.Combine(landed, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                Assert.False(File.Exists(target), $"{file} handed over twice");
                File.Copy(Path.Combine(delivery.RawRoot, file), target);
            }

            return Task.CompletedTask;
        }, null, TestContext.Current.CancellationToken);

        Assert.Equal(dates.Order(), dates);
        Assert.True(dates.Count >= options.Days, $"expected a delivery per day, got {dates.Count}");
        Assert.False(Directory.Exists(layout.RawDir) && Directory.EnumerateFiles(layout.RawDir, "*", SearchOption.AllDirectories).Any());
        Assert.Equal(Hashes(DataLayout.Open(whole.Path).RawDir), Hashes(landed));
        Assert.Equal(Hashes(DataLayout.Open(whole.Path).GroundTruthDir), Hashes(layout.GroundTruthDir));
    }

    private static SortedDictionary<string, string> Hashes(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            result[Path.GetRelativePath(root, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return result;
    }
}
