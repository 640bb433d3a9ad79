using RiskOps.Training.Data;

namespace RiskOps.Training.Tests;

public sealed class DataValidatorTests
{
    [Fact]
    public void Validate_AcceptsMessyButHonestData() => DataValidator.Validate(SyntheticData.Binary(500, seed: 5), allowUnsortedTime: false);

    [Fact]
    public void Validate_RefusesOneClass()
    {
        var data = SyntheticData.Binary(200, seed: 6);
        Array.Fill(data.Target, 0);
        var error = Assert.Throws<TrainingDataException>(() => DataValidator.Validate(data, false));
        Assert.Contains("one class", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesConstantColumn()
    {
        var data = SyntheticData.Binary(200, seed: 7);
        Array.Fill(data.Numeric["age"], 33);
        var error = Assert.Throws<TrainingDataException>(() => DataValidator.Validate(data, false));
        Assert.Contains("feature 'age' is constant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesAllMissingColumn()
    {
        var data = SyntheticData.Binary(200, seed: 8);
        Array.Fill(data.Categorical["region"], null);
        var error = Assert.Throws<TrainingDataException>(() => DataValidator.Validate(data, false));
        Assert.Contains("feature 'region' is missing in every row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesFeatureIdenticalToTarget()
    {
        var data = SyntheticData.Binary(200, seed: 9);
        data.Target.CopyTo(data.Numeric["age"], 0);
        var error = Assert.Throws<TrainingDataException>(() => DataValidator.Validate(data, false));
        Assert.Contains("feature 'age' is identical to the target", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesCategoricalRelabellingOfTarget()
    {
        var data = SyntheticData.Binary(200, seed: 10);
        for (var i = 0; i < data.RowCount; i++)
        {
            data.Categorical["region"][i] = data.Target[i] > 0.5 ? "yes" : "no";
        }
        var error = Assert.Throws<TrainingDataException>(() => DataValidator.Validate(data, false));
        Assert.Contains("feature 'region' is identical to the target", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesTimeGoingBackwardsUnlessAllowed()
    {
        var data = SyntheticData.Binary(200, seed: 11);
        (data.Time![100], data.Time[101]) = (data.Time[101], data.Time[100]);
        var error = Assert.Throws<TrainingDataException>(() => DataValidator.Validate(data, false));
        Assert.Contains("time column goes backwards at accepted row 102", error.Message, StringComparison.Ordinal);
        DataValidator.Validate(data, allowUnsortedTime: true);
    }
}
