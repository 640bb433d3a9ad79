using RiskOps.Training.Specs;

namespace RiskOps.Training.Tests;

public sealed class DatasetSpecTests
{
    [Fact]
    public void Parse_ReadsSnakeCaseFields()
    {
        var spec = DatasetSpecLoader.Parse("""
            data: claims.csv
            target: claim_count
            task: poisson-with-exposure
            exposure: exposure_years
            time: period_start
            categorical: [region, vehicle_type]
            numeric: [age]
            fairness_groups: [region]
            holdout_fraction: 0.25
            """);
        Assert.Equal("exposure_years", spec.Exposure);
        Assert.Equal(["region", "vehicle_type"], spec.Categorical);
        Assert.Equal(["region"], spec.FairnessGroups);
        Assert.Equal(0.25, spec.HoldoutFraction);
    }

    [Theory]
    [InlineData("data: a.csv\ntask: binary\n", "'target'")]
    [InlineData("data: a.csv\ntarget: y\ntask: survival\n", "'task'")]
    [InlineData("data: a.csv\ntarget: y\ntask: poisson-with-exposure\n", "'exposure'")]
    [InlineData("data: a.csv\ntarget: y\ntask: binary\ntargte_typo: 1\n", "unknown field 'targte_typo'")]
    [InlineData("data: a.csv\ntarget: y\ntask: binary\nnumeric: [y]\n", "'numeric'")]
    [InlineData("data: a.csv\ntarget: y\ntask: binary\nholdout_fraction: 1.5\n", "'holdout_fraction'")]
    [InlineData("target: y\ntask: binary\n", "'data'")]
    public void Parse_ErrorNamesTheField(string yaml, string expected)
    {
        var error = Assert.Throws<DatasetSpecException>(() => DatasetSpecLoader.Parse(yaml));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
