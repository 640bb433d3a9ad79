using RiskOps.Core.Errors;
using RiskOps.Core.Storage;

namespace RiskOps.Simulator.Tests;

public sealed class SimulationOptionsTests
{
    private static readonly SimulationOptions s_tiny = new() { Customers = 50, Vehicles = 10, Bays = 4, Days = 2 };

    [Theory]
    [InlineData(0, 10, 4, 2)]
    [InlineData(50, 0, 4, 2)]
    [InlineData(50, 10, 0, 2)]
    [InlineData(50, 10, 4, 0)]
    public void Validate_RejectsEmptyWorlds(int customers, int vehicles, int bays, int days)
    {
        var options = s_tiny with { Customers = customers, Vehicles = vehicles, Bays = bays, Days = days };
        var ex = Assert.Throws<SimulationException>(options.Validate);
        Assert.IsAssignableFrom<RiskOpsException>(ex);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Validate_RejectsImpossibleRates() =>
        Assert.Throws<SimulationException>((s_tiny with { LateRate = -0.1 }).Validate);

    [Fact]
    public async Task RunAsync_RefusesToOverwriteWithoutConsent_AndLeavesDataAlone()
    {
        using var dir = new TempDir();
        var layout = DataLayout.Open(dir.Path);
        Directory.CreateDirectory(layout.RawDir);
        var marker = Path.Combine(layout.RawDir, "mine.csv");
        await File.WriteAllTextAsync(marker, "x", TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<SimulationException>(() => WorldSimulator.RunAsync(s_tiny, layout, null, TestContext.Current.CancellationToken));
        Assert.True(File.Exists(marker));

        await WorldSimulator.RunAsync(s_tiny with { Overwrite = true }, layout, null, TestContext.Current.CancellationToken);
        Assert.False(File.Exists(marker));
        Assert.True(File.Exists(Path.Combine(layout.RawDir, "customers", "customers.csv")));
    }

    [Fact]
    public async Task RunAsync_Cancelled_LeavesNothingHalfWritten()
    {
        using var dir = new TempDir();
        var layout = DataLayout.Open(dir.Path);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var progress = new CancelOn("trips", cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => WorldSimulator.RunAsync(s_tiny with { Days = 30, Customers = 2_000 }, layout, progress, cts.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task RunAsync_WithoutExpectedHazardTrips_SkipsOnlyTheExAnteFile()
    {
        Assert.Throws<SimulationException>(() => (s_tiny with { ExpectedHazardTrips = -1 }).Validate());
        using var dir = new TempDir();
        var layout = DataLayout.Open(dir.Path);
        await WorldSimulator.RunAsync(s_tiny with { ExpectedHazardTrips = 0 }, layout, null, TestContext.Current.CancellationToken);
        Assert.False(File.Exists(Path.Combine(layout.GroundTruthDir, "customer_expected_daily_hazard.csv")));
        Assert.True(File.Exists(Path.Combine(layout.GroundTruthDir, "customer_daily_hazard.csv")));
    }

    [Fact]
    public async Task RunAsync_ReportsProgressForEveryStage()
    {
        using var dir = new TempDir();
        var stages = new List<string>();
        var summary = await WorldSimulator.RunAsync(s_tiny, DataLayout.Open(dir.Path), new Recorder(stages), TestContext.Current.CancellationToken);
        Assert.Equal(["reference", "context", "trips", "bookings", "claims", "expected hazard"], stages.Distinct());
        Assert.True(summary.TelematicsEvents > 0);
    }

    private sealed class CancelOn(string stage, CancellationTokenSource cts) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value)
        {
            if (value.Stage == stage && value.Completed > 0)
            {
                cts.Cancel();
            }
        }
    }

    private sealed class Recorder(List<string> stages) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value) => stages.Add(value.Stage);
    }
}
