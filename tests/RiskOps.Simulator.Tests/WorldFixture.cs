using RiskOps.Core.Storage;

namespace RiskOps.Simulator.Tests;

/// <summary>One medium-small world shared by the analysis tests (generated once, removed at the end).</summary>
public sealed class WorldFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    public DataLayout Layout { get; private set; } = null!;
    public SimulationSummary Summary { get; private set; } = null!;

    internal static SimulationOptions Options { get; } = new()
    {
        Seed = 7,
        Customers = 1_200,
        Vehicles = 150,
        Bays = 24,
        Days = 42,
        StartDate = new DateOnly(2026, 3, 2),
    };

    public async ValueTask InitializeAsync()
    {
        Layout = DataLayout.Open(_dir.Path);
        Summary = await WorldSimulator.RunAsync(Options, Layout, null, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
