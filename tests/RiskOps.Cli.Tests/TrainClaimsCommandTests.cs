using System.Text.Json;

namespace RiskOps.Cli.Tests;

/// <summary>
/// A newcomer's path to the claims models, end to end on a small simulated world through the real
/// engines: simulate → etl → features apply → train claims-frequency / claims-severity → models list.
/// </summary>
public sealed class TrainClaimsCommandTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "riskops-claims-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task TrainClaimsFrequencyAndSeverity_SmallWorld_RegistersBothWithLineage()
    {
        var ct = TestContext.Current.CancellationToken;
        await Run(ct, "simulate", "--customers", "300", "--days", "200", "--bays", "8", "--vehicles", "40");
        await Run(ct, "etl");
        await Run(ct, "features", "apply");

        var help = await Run(ct, "train", "--help");
        Assert.Contains("claims-frequency", help.StdOut, StringComparison.Ordinal);
        Assert.Contains("claims-severity", help.StdOut, StringComparison.Ordinal);

        string[] search = ["--trials", "1", "--folds", "2", "--trees", "20", "--seed", "7"];
        var frequency = await Run(ct, ["train", "claims-frequency", .. search]);
        Assert.Contains("claims_frequency", frequency.StdOut, StringComparison.Ordinal);
        Assert.Contains("poisson_deviance", frequency.StdOut, StringComparison.Ordinal);
        Assert.Contains("oracle d2", frequency.StdOut, StringComparison.Ordinal);
        var severity = await Run(ct, ["train", "claims-severity", .. search]);
        Assert.Contains("gamma_deviance", severity.StdOut, StringComparison.Ordinal);

        var manifests = Directory.EnumerateFiles(Path.Combine(_dataDir, "registry"), "manifest.json", SearchOption.AllDirectories)
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement).ToList();
        var byName = manifests.ToDictionary(m => m.GetProperty("modelName").GetString()!, StringComparer.Ordinal);
        Assert.Equal("claims_frequency", byName["claims_frequency"].GetProperty("signature").GetProperty("featureService").GetString());
        Assert.Equal("PoissonWithExposure", byName["claims_frequency"].GetProperty("signature").GetProperty("task").GetString());
        Assert.Equal("claims_severity", byName["claims_severity"].GetProperty("signature").GetProperty("featureService").GetString());
        Assert.Contains("claims_enriched", byName["claims_severity"].GetProperty("data").GetProperty("tables").EnumerateArray().Select(t => t.GetString()));
    }

    private async Task<CliProcess.Result> Run(CancellationToken ct, params string[] args)
    {
        var result = await CliProcess.RunAsync(ct, ["--data-dir", _dataDir, .. args]);
        Assert.True(result.ExitCode == 0, $"riskops {string.Join(' ', args)} failed ({result.ExitCode}): {result.StdErr}\n{result.StdOut}");
        return result;
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
