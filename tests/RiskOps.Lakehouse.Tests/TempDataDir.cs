using RiskOps.Core.Storage;

namespace RiskOps.Lakehouse.Tests;

/// <summary>A throw-away data directory, removed when the test ends.</summary>
internal sealed class TempDataDir : IDisposable
{
    public TempDataDir()
    {
        Layout = DataLayout.Open(Path.Combine(Path.GetTempPath(), "riskops-lake-" + Guid.NewGuid().ToString("N")));
    }

    public DataLayout Layout { get; }

    public LakehousePipeline Open() => LakehousePipeline.Open(Layout, new LakehouseOptions { Threads = 2, MemoryLimit = "1GB" });

    public void Dispose()
    {
        if (Directory.Exists(Layout.Root))
        {
            Directory.Delete(Layout.Root, recursive: true);
        }
    }
}
