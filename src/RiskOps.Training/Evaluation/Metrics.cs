namespace RiskOps.Training.Evaluation;

/// <summary>
/// The evaluation metrics, written out so each can be checked against a hand-computed case.
/// Weights are optional everywhere (null = 1 per row).
/// </summary>
public static class Metrics
{
    private const double Epsilon = 1e-15;

    /// <summary>Area under the ROC curve; tied scores count one half (the Mann–Whitney statistic).</summary>
    public static double RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, ReadOnlySpan<double> weights = default)
    {
        var order = SortDescending(scores);
        double positives = 0, negatives = 0, area = 0;
        var i = 0;
        while (i < order.Length)
        {
            // A block of tied scores adds its positives × negatives at half credit.
            double blockPos = 0, blockNeg = 0;
            var j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                var w = W(weights, order[j]);
                if (labels[order[j]] > 0.5)
                {
                    blockPos += w;
                }
                else
                {
                    blockNeg += w;
                }
                j++;
            }
            area += blockNeg * (positives + blockPos / 2);
            positives += blockPos;
            negatives += blockNeg;
            i = j;
        }
        return positives == 0 || negatives == 0 ? double.NaN : area / (positives * negatives);
    }

    /// <summary>
    /// The ROC-AUC expected when each row's label is drawn from <paramref name="probabilities"/> (its true probability):
    /// every row counts as a positive with weight p and as a negative with weight 1 − p. It is the AUC without the
    /// luck of which rows happened to be positive, so two scorers compared on it differ by their ranking only.
    /// </summary>
    public static double ExpectedRocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<double> probabilities)
    {
        if (scores.Length != probabilities.Length)
        {
            throw new ArgumentException("scores and probabilities must have the same length", nameof(probabilities));
        }
        var n = scores.Length;
        var doubled = new double[2 * n];
        var labels = new double[2 * n];
        var weights = new double[2 * n];
        for (var i = 0; i < n; i++)
        {
            var p = Math.Clamp(probabilities[i], 0, 1);
            doubled[i] = doubled[n + i] = scores[i];
            labels[i] = 1;
            weights[i] = p;
            weights[n + i] = 1 - p;
        }
        return RocAuc(doubled, labels, weights);
    }

    /// <summary>Area under the precision–recall curve as average precision (precision at each positive, tied scores taken together).</summary>
    public static double PrAuc(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, ReadOnlySpan<double> weights = default)
    {
        var order = SortDescending(scores);
        double totalPositives = 0;
        for (var k = 0; k < labels.Length; k++)
        {
            totalPositives += labels[k] > 0.5 ? W(weights, k) : 0;
        }
        if (totalPositives == 0)
        {
            return double.NaN;
        }
        double tp = 0, fp = 0, ap = 0, previousRecall = 0;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                var w = W(weights, order[j]);
                if (labels[order[j]] > 0.5)
                {
                    tp += w;
                }
                else
                {
                    fp += w;
                }
                j++;
            }
            var recall = tp / totalPositives;
            ap += (recall - previousRecall) * (tp / (tp + fp));
            previousRecall = recall;
            i = j;
        }
        return ap;
    }

    /// <summary>Mean squared error of probabilities.</summary>
    public static double Brier(ReadOnlySpan<double> probabilities, ReadOnlySpan<double> labels, ReadOnlySpan<double> weights = default)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var d = probabilities[i] - labels[i];
            sum += W(weights, i) * d * d;
            total += W(weights, i);
        }
        return sum / total;
    }

    /// <summary>Mean negative log-likelihood (natural log), probabilities clipped to [1e-15, 1 − 1e-15].</summary>
    public static double LogLoss(ReadOnlySpan<double> probabilities, ReadOnlySpan<double> labels, ReadOnlySpan<double> weights = default)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            sum -= W(weights, i) * (labels[i] > 0.5 ? Math.Log(p) : Math.Log(1 - p));
            total += W(weights, i);
        }
        return sum / total;
    }

    /// <summary>Confusion counts at a threshold (score ≥ threshold is positive).</summary>
    public static ConfusionMatrix Confusion(ReadOnlySpan<double> probabilities, ReadOnlySpan<double> labels, double threshold)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var predicted = probabilities[i] >= threshold;
            var actual = labels[i] > 0.5;
            if (predicted && actual)
            {
                tp++;
            }
            else if (predicted)
            {
                fp++;
            }
            else if (actual)
            {
                fn++;
            }
            else
            {
                tn++;
            }
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /// <summary>
    /// Observed positive rate (or mean target) per decile of prediction, highest decile first, divided
    /// by the overall rate: the lift curve. Deciles are cut by rank, so ties split arbitrarily but evenly.
    /// </summary>
    public static double[] LiftByDecile(ReadOnlySpan<double> predictions, ReadOnlySpan<double> actual, ReadOnlySpan<double> exposure = default)
    {
        var order = SortDescending(predictions);
        var n = order.Length;
        double totalActual = 0, totalExposure = 0;
        for (var i = 0; i < n; i++)
        {
            totalActual += actual[i];
            totalExposure += W(exposure, i);
        }
        var overall = totalActual / totalExposure;
        var lift = new double[10];
        for (var d = 0; d < 10; d++)
        {
            var from = (int)((long)n * d / 10);
            var to = (int)((long)n * (d + 1) / 10);
            double a = 0, e = 0;
            for (var k = from; k < to; k++)
            {
                a += actual[order[k]];
                e += W(exposure, order[k]);
            }
            lift[d] = e == 0 || overall == 0 ? double.NaN : a / e / overall;
        }
        return lift;
    }

    /// <summary>Reliability curve over equal-width probability bins, and the expected calibration error (bin-weighted |mean p − rate|).</summary>
    public static (IReadOnlyList<CalibrationBin> Bins, double Ece) Calibration(ReadOnlySpan<double> probabilities, ReadOnlySpan<double> labels, int bins = 10)
    {
        var count = new long[bins];
        var sumP = new double[bins];
        var sumY = new double[bins];
        for (var i = 0; i < labels.Length; i++)
        {
            var b = Math.Clamp((int)(probabilities[i] * bins), 0, bins - 1);
            count[b]++;
            sumP[b] += probabilities[i];
            sumY[b] += labels[i];
        }
        var result = new List<CalibrationBin>();
        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            if (count[b] == 0)
            {
                continue;
            }
            var meanP = sumP[b] / count[b];
            var rate = sumY[b] / count[b];
            result.Add(new CalibrationBin((double)b / bins, (double)(b + 1) / bins, count[b], meanP, rate));
            ece += (double)count[b] / labels.Length * Math.Abs(meanP - rate);
        }
        return (result, ece);
    }

    /// <summary>
    /// Exposure-weighted mean Poisson deviance: Σ 2[y·ln(y/μ) − (y − μ)] / Σ exposure, where y is the
    /// count and μ = predicted rate × exposure. Equals the mean unit deviance of the rates weighted by exposure.
    /// </summary>
    public static double PoissonDeviance(ReadOnlySpan<double> counts, ReadOnlySpan<double> predictedRates, ReadOnlySpan<double> exposure)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var e = W(exposure, i);
            var mu = Math.Max(predictedRates[i] * e, Epsilon);
            var y = counts[i];
            sum += 2 * ((y > 0 ? y * Math.Log(y / mu) : 0) - (y - mu));
            total += e;
        }
        return sum / total;
    }

    /// <summary>D² = 1 − deviance(model) / deviance(constant rate Σy/Σexposure).</summary>
    public static double PoissonD2(ReadOnlySpan<double> counts, ReadOnlySpan<double> predictedRates, ReadOnlySpan<double> exposure)
    {
        double y = 0, e = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            y += counts[i];
            e += W(exposure, i);
        }
        var nullRates = new double[counts.Length];
        Array.Fill(nullRates, y / e);
        return 1 - PoissonDeviance(counts, predictedRates, exposure) / PoissonDeviance(counts, nullRates, exposure);
    }

    public static double Mae(ReadOnlySpan<double> predictions, ReadOnlySpan<double> actual)
    {
        double sum = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            sum += Math.Abs(predictions[i] - actual[i]);
        }
        return sum / actual.Length;
    }

    public static double Rmse(ReadOnlySpan<double> predictions, ReadOnlySpan<double> actual)
    {
        double sum = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            sum += (predictions[i] - actual[i]) * (predictions[i] - actual[i]);
        }
        return Math.Sqrt(sum / actual.Length);
    }

    /// <summary>
    /// Mean Gamma deviance, 2·(−ln(y/μ) + (y − μ)/μ), for positive targets (claim severities); NaN when a
    /// target or a prediction is not positive, where the Gamma likelihood is undefined.
    /// </summary>
    public static double GammaDeviance(ReadOnlySpan<double> predictions, ReadOnlySpan<double> actual)
    {
        double sum = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var y = actual[i];
            var mu = predictions[i];
            if (!(y > 0) || !(mu > 0))
            {
                return double.NaN;
            }
            sum += 2 * (-Math.Log(y / mu) + (y - mu) / mu);
        }
        return sum / actual.Length;
    }

    /// <summary>D² for Gamma: 1 − deviance(model) / deviance(the mean target); NaN when the deviance is undefined.</summary>
    public static double GammaD2(ReadOnlySpan<double> predictions, ReadOnlySpan<double> actual)
    {
        double mean = 0;
        foreach (var a in actual)
        {
            mean += a;
        }
        var constant = new double[actual.Length];
        Array.Fill(constant, mean / actual.Length);
        return 1 - GammaDeviance(predictions, actual) / GammaDeviance(constant, actual);
    }

    /// <summary>Coefficient of determination, 1 − SSE / SST.</summary>
    public static double R2(ReadOnlySpan<double> predictions, ReadOnlySpan<double> actual)
    {
        double mean = 0;
        foreach (var a in actual)
        {
            mean += a;
        }
        mean /= actual.Length;
        double sse = 0, sst = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            sse += (predictions[i] - actual[i]) * (predictions[i] - actual[i]);
            sst += (actual[i] - mean) * (actual[i] - mean);
        }
        return sst == 0 ? double.NaN : 1 - sse / sst;
    }

    /// <summary>Multiclass log-loss from per-class probabilities (row-major, <paramref name="classes"/> per row).</summary>
    public static double MulticlassLogLoss(ReadOnlySpan<double> probabilities, ReadOnlySpan<double> labels, int classes)
    {
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            sum -= Math.Log(Math.Clamp(probabilities[i * classes + (int)labels[i]], Epsilon, 1));
        }
        return sum / labels.Length;
    }

    private static double W(ReadOnlySpan<double> weights, int i) => weights.IsEmpty ? 1 : weights[i];

    private static int[] SortDescending(ReadOnlySpan<double> scores)
    {
        var keys = new double[scores.Length];
        var order = new int[scores.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = -scores[i];
            order[i] = i;
        }
        Array.Sort(keys, order);
        return order;
    }
}
