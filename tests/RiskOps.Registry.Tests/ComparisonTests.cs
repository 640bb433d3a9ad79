using RiskOps.Core.Modeling;

namespace RiskOps.Registry.Tests;

public sealed class ComparisonTests
{
    [Fact]
    public async Task Compare_ShowsMetricsParameterAndSignatureDifferences()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.Registry.RegisterAsync(new RegistrationRequest(await temp.WriteArtifactAsync("crai", 0.80,
            parameters: new Dictionary<string, string> { ["trees"] = "200", ["leaves"] = "31", ["seed"] = "7" },
            inputs: [new FeatureRef("speeding_30d", FeatureKind.Numeric), new FeatureRef("region", FeatureKind.Categorical), new FeatureRef("night_share", FeatureKind.Numeric)])), ct);
        await temp.Registry.RegisterAsync(new RegistrationRequest(await temp.WriteArtifactAsync("crai", 0.84, primaryMetric: "auc",
            parameters: new Dictionary<string, string> { ["trees"] = "400", ["leaves"] = "31", ["min_data"] = "20" },
            inputs: [new FeatureRef("speeding_30d", FeatureKind.Numeric), new FeatureRef("region", FeatureKind.Numeric), new FeatureRef("jerk_p95", FeatureKind.Numeric)])), ct);

        var comparison = await temp.Registry.CompareAsync("crai", 1, 2, ct);

        var auc = Assert.Single(comparison.Metrics, m => m.Metric == "auc");
        Assert.Equal(0.04, auc.Delta!.Value, 9);
        Assert.Equal(
            [("min_data", null, "20"), ("seed", "7", null), ("trees", "200", "400")],
            comparison.Parameters.Select(p => (p.Parameter, p.Left, p.Right)));
        Assert.Equal(["jerk_p95"], comparison.Signature.AddedInputs);
        Assert.Equal(["night_share"], comparison.Signature.RemovedInputs);
        Assert.Equal(["region: Categorical → Numeric"], comparison.Signature.KindChanges);
        Assert.False(comparison.Signature.IsCompatible);
    }

    [Fact]
    public async Task Compare_SameTraining_IsCompatibleWithNoDifferences()
    {
        await using var temp = await TempRegistry.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await temp.RegisterAsync("crai", 0.80);
        await temp.RegisterAsync("crai", 0.80);

        var comparison = await temp.Registry.CompareAsync("crai", 1, 2, ct);

        Assert.Empty(comparison.Parameters);
        Assert.True(comparison.Signature.IsCompatible);
        Assert.All(comparison.Metrics, m => Assert.Equal(0.0, m.Delta));
    }
}
