using RiskOps.Models.Calibration;
using RiskOps.Training.Evaluation;

namespace RiskOps.Training.Tests;

public sealed class PlattCalibrationTests
{
    [Fact]
    public void FitPlatt_ScoresInverselyRelatedOnTheCalibrationBlockNeverReverseTheRanking()
    {
        // On this block higher scores go with fewer positives; an unconstrained fit has a negative slope
        // and would turn a model with holdout AUC 0.63 into one with 0.37 (seen on the triage GLM).
        double[] scores = [-2, -1, 0, 1, 2, -2, -1, 0, 1, 2];
        double[] labels = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];

        var platt = ProbabilityCalibrator.FitPlatt(scores, labels);

        Assert.True(platt.A > 0);
        var calibrated = scores.Select(platt.Apply).ToArray();
        Assert.Equal(Metrics.RocAuc(scores, labels), Metrics.RocAuc(calibrated, labels), 12);
        Assert.All(calibrated, p => Assert.Equal(0.4, p, 6));
    }

    [Fact]
    public void FitPlatt_PositivelyRelatedScoresKeepTheirFittedSlope()
    {
        double[] scores = [-2, -1, 0, 1, 2, -2, -1, 0, 1, 2];
        double[] labels = [0, 0, 0, 1, 1, 0, 1, 0, 1, 1];

        var platt = ProbabilityCalibrator.FitPlatt(scores, labels);

        Assert.InRange(platt.A, 0.3, 5);
        Assert.True(platt.Apply(2) > platt.Apply(-2));
    }
}
