using RiskOps.Core.Modeling;
using RiskOps.Training.Data;

namespace RiskOps.Training.Validation;

/// <summary>
/// Splits rows for validation. With a time column: the latest <c>holdoutFraction</c> of rows is an
/// out-of-time holdout (rows sharing the cut instant all go to the holdout, so no instant straddles
/// it), and the rest is cut into folds+1 consecutive blocks; fold k trains on blocks 0..k−1 and
/// validates on block k (expanding window). Without time: stratified random holdout and k-fold.
/// </summary>
public static class FoldPlanner
{
    /// <param name="data">Accepted rows.</param>
    /// <param name="folds">Cross-validation folds.</param>
    /// <param name="holdoutFraction">Share of latest rows held out.</param>
    /// <param name="seed">Seed of the stratified shuffle.</param>
    /// <param name="labelHorizon">
    /// How far after its time a row's label looks (CRAI: 30 days). Rows whose label window reaches
    /// into the validation block (or the holdout) are purged from training, so no training label is
    /// built from the outcomes being predicted. Null or zero: no purge.
    /// </param>
    public static ValidationPlan Plan(TabularData data, int folds, double holdoutFraction, int seed, TimeSpan? labelHorizon = null)
    {
        if (folds < 2)
        {
            throw new TrainingDataException($"--folds must be at least 2, got {folds}");
        }
        var n = data.RowCount;
        if (data.Time is { } time)
        {
            var order = Enumerable.Range(0, n).ToArray();
            var keys = time.ToArray();
            Array.Sort(keys, order);
            var cut = (int)Math.Round(n * (1 - holdoutFraction));
            while (cut > 0 && keys[cut - 1] == keys[Math.Min(cut, n - 1)])
            {
                cut--;
            }
            var gap = labelHorizon?.Ticks ?? 0;
            var holdout = order[cut..];
            var holdoutStart = keys[Math.Min(cut, n - 1)];
            var development = order[..cut].Where(i => time[i] + gap <= holdoutStart || gap == 0).ToArray();
            if (development.Length < (folds + 1) * 10 || holdout.Length == 0)
            {
                throw new TrainingDataException(
                    $"too few rows for {folds} time-series folds and a holdout ({development.Length} development, {holdout.Length} holdout rows)");
            }
            var blocks = Blocks(development, folds + 1);
            var splits = new List<Split>();
            for (var k = 1; k <= folds; k++)
            {
                var validationStart = blocks[k].Min(i => time[i]);
                splits.Add(new Split([.. blocks.Take(k).SelectMany(b => b).Where(i => gap == 0 || time[i] + gap <= validationStart)], blocks[k]));
            }
            // The earliest folds may have no training row left once purged: they are skipped (the plan
            // says how many remain); with none left the history is too short for the horizon.
            splits.RemoveAll(s => s.Train.Length == 0);
            if (splits.Count == 0)
            {
                throw new TrainingDataException($"the label horizon ({labelHorizon}) leaves no training rows before any validation block; more history is needed");
            }
            return new ValidationPlan("expanding-window-time-series", development, holdout, splits);
        }

        var random = new Random(seed);
        var strata = data.Task is ModelTask.Binary or ModelTask.Multiclass
            ? Enumerable.Range(0, n).GroupBy(i => data.Target[i]).Select(g => g.ToArray()).ToList()
            : [Enumerable.Range(0, n).ToArray()];
        var dev = new List<int>();
        var hold = new List<int>();
        var foldOf = new int[n];
        foreach (var stratum in strata)
        {
            random.Shuffle(stratum);
            var holdCount = (int)Math.Round(stratum.Length * holdoutFraction);
            hold.AddRange(stratum[..holdCount]);
            var rest = stratum[holdCount..];
            for (var k = 0; k < rest.Length; k++)
            {
                foldOf[rest[k]] = k % folds;
            }
            dev.AddRange(rest);
        }
        dev.Sort();
        hold.Sort();
        var kfold = Enumerable.Range(0, folds)
            .Select(k => new Split([.. dev.Where(i => foldOf[i] != k)], [.. dev.Where(i => foldOf[i] == k)]))
            .ToList();
        if (kfold.Any(s => s.Validation.Length == 0) || hold.Count == 0)
        {
            throw new TrainingDataException($"too few rows for {folds} folds and a holdout");
        }
        return new ValidationPlan("stratified-k-fold", [.. dev], [.. hold], kfold);
    }

    private static List<int[]> Blocks(int[] rows, int count)
    {
        var blocks = new List<int[]>();
        for (var b = 0; b < count; b++)
        {
            var from = (int)((long)rows.Length * b / count);
            var to = (int)((long)rows.Length * (b + 1) / count);
            blocks.Add(rows[from..to]);
        }
        return blocks;
    }
}
