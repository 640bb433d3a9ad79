using RiskOps.Simulator;

namespace RiskOps.Lakehouse.Tests;

/// <summary>One small simulated world taken through etl once, shared by the tests of a class.</summary>
public sealed class SimulatedLakeFixture : IAsyncLifetime
{
    private readonly TempDataDir _dir = new();

    internal TempDataDir Dir => _dir;

    public LakehousePipeline Lake { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await WorldSimulator.RunAsync(new SimulationOptions { Seed = 11, Customers = 150, Vehicles = 30, Bays = 10, Days = 21, MaxDegreeOfParallelism = 2 }, _dir.Layout, null, ct);
        Lake = _dir.Open();
        Lake.RunEtl(cancellationToken: ct);
    }

    public ValueTask DisposeAsync()
    {
        Lake.Dispose();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
