namespace RiskOps.Simulator.Tests;

/// <summary>Rank statistics used as the oracle's yardstick.</summary>
internal static class Stats
{
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y) => Pearson(Ranks(x), Ranks(y));

    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Area under the ROC curve of <paramref name="score"/> for binary <paramref name="label"/> (ties count half).</summary>
    public static double Auc(IReadOnlyList<double> score, IReadOnlyList<bool> label)
    {
        var ranks = Ranks(score);
        double positives = label.Count(l => l), negatives = label.Count - positives, rankSum = 0;
        for (var i = 0; i < label.Count; i++)
        {
            if (label[i])
            {
                rankSum += ranks[i];
            }
        }

        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    public static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }

            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = ((i + j) / 2.0) + 1;
            }

            i = j + 1;
        }

        return ranks;
    }
}
