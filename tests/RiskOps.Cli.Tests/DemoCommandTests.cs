namespace RiskOps.Cli.Tests;

/// <summary>
/// The README's main command, end to end on a tiny world: every step runs through the real engines
/// (DuckDB, SQLite, ML.NET), and a second run reuses what the first left instead of redoing it.
/// </summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "riskops-demo-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Demo_TinyWorld_PreparesEveryStepThenSecondRunReuses()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] args = ["--data-dir", _dataDir, "demo", "--no-serve", "--customers", "300", "--days", "270"];

        var first = await CliProcess.RunAsync(ct, args);

        Assert.True(first.ExitCode == 0, $"first demo run failed ({first.ExitCode}): {first.StdErr}\n{first.StdOut}");
        Assert.Matches(@"\d+ views materialized", first.StdOut);
        foreach (var model in new[] { "crai v1", "demand v1", "claims_triage v1" })
        {
            Assert.Contains(model, first.StdOut, StringComparison.Ordinal);
        }
        Assert.Contains("promoted to Production", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("/api/v1/predict/customer-risk", first.StdOut, StringComparison.Ordinal);
        Assert.True(Directory.EnumerateFiles(Path.Combine(_dataDir, "registry"), "manifest.json", SearchOption.AllDirectories).Count() >= 3);

        var second = await CliProcess.RunAsync(ct, args);

        Assert.True(second.ExitCode == 0, $"second demo run failed ({second.ExitCode}): {second.StdErr}\n{second.StdOut}");
        Assert.Contains("reusing the world", second.StdOut, StringComparison.Ordinal);
        Assert.Contains("lakehouse up to date", second.StdOut, StringComparison.Ordinal);
        Assert.Contains("crai v1 in Production (reused)", second.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("v2", second.StdOut, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
