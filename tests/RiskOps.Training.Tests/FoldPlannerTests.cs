using FsCheck;
using FsCheck.Fluent;
using RiskOps.Training.Validation;

namespace RiskOps.Training.Tests;

public sealed class FoldPlannerTests
{
    [FsCheck.Xunit.Property(MaxTest = 30)]
    public Property Plan_TimeFoldsExpandAndNeverLookAhead() =>
        Prop.ForAll(Gen.Choose(300, 2000).ToArbitrary(), Gen.Choose(2, 6).ToArbitrary(), (n, folds) =>
        {
            var data = SyntheticData.Binary(n, seed: n);
            var plan = FoldPlanner.Plan(data, folds, 0.2, seed: 1);
            var time = data.Time!;
            var lastDevelopment = plan.Development.Max(i => time[i]);
            var ok = plan.Holdout.All(i => time[i] > lastDevelopment)
                     && plan.Development.Length + plan.Holdout.Length == n
                     && plan.Folds.Count == folds;
            for (var k = 0; k < plan.Folds.Count; k++)
            {
                var fold = plan.Folds[k];
                ok &= fold.Train.Max(i => time[i]) < fold.Validation.Min(i => time[i]);
                ok &= k == 0 || fold.Train.Length > plan.Folds[k - 1].Train.Length;
                ok &= !fold.Train.Intersect(fold.Validation).Any();
            }
            return ok;
        });

    [Fact]
    public void Plan_WithoutTimeStratifiesTheHoldoutAndFolds()
    {
        var source = SyntheticData.Binary(1000, seed: 12);
        var data = new Training.Data.TabularData
        {
            Task = source.Task, Target = source.Target, Features = source.Features, Numeric = source.Numeric, Categorical = source.Categorical,
        };
        var plan = FoldPlanner.Plan(data, 5, 0.2, seed: 3);
        Assert.Equal("stratified-k-fold", plan.Scheme);
        var rate = data.Target.Average();
        Assert.Equal(rate, plan.Holdout.Average(i => data.Target[i]), 2);
        Assert.All(plan.Folds, f => Assert.Equal(rate, f.Validation.Average(i => data.Target[i]), 1));
        Assert.Equal(plan.Development.Length, plan.Folds.Sum(f => f.Validation.Length));
    }

    [Fact]
    public void Plan_LabelHorizonPurgesTrainingRowsWhoseLabelsOverlapValidation()
    {
        var data = SyntheticData.Binary(2000, seed: 22);
        var horizon = TimeSpan.FromHours(48);
        var plan = FoldPlanner.Plan(data, 3, 0.2, seed: 1, horizon);
        var time = data.Time!;
        var holdoutStart = plan.Holdout.Min(i => time[i]);
        Assert.All(plan.Development, i => Assert.True(time[i] + horizon.Ticks <= holdoutStart));
        foreach (var fold in plan.Folds)
        {
            var start = fold.Validation.Min(i => time[i]);
            Assert.All(fold.Train, i => Assert.True(time[i] + horizon.Ticks <= start));
        }
        Assert.True(plan.Development.Length < FoldPlanner.Plan(data, 3, 0.2, seed: 1).Development.Length);
        // A horizon longer than a block empties the earliest folds' training sets: they are skipped.
        var blockHours = 2000 * 0.8 / 4;
        var purged = FoldPlanner.Plan(data, 3, 0.2, seed: 1, TimeSpan.FromHours(blockHours * 1.5));
        Assert.InRange(purged.Folds.Count, 1, 2);
        Assert.All(purged.Folds, f => Assert.NotEmpty(f.Train));
    }
}
