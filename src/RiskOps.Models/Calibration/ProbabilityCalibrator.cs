namespace RiskOps.Models.Calibration;

/// <summary>
/// Maps a binary model's raw score (log-odds space) to a calibrated probability. Fitted on
/// out-of-fold scores by training; stored in the artifact so serving applies exactly the same map.
/// </summary>
/// <param name="Method">none (plain sigmoid), platt or isotonic.</param>
/// <param name="A">Platt slope.</param>
/// <param name="B">Platt intercept.</param>
/// <param name="X">Isotonic knots: raw scores, ascending.</param>
/// <param name="Y">Isotonic knots: probabilities, non-decreasing.</param>
public sealed record ProbabilityCalibrator(string Method, double A, double B, double[] X, double[] Y)
{
    /// <summary>The identity calibration: probability = sigmoid(score).</summary>
    public static ProbabilityCalibrator None { get; } = new("none", 1, 0, [], []);

    /// <summary>The calibrated probability of a raw score.</summary>
    public double Apply(double score)
    {
        switch (Method)
        {
            case "platt":
                return Sigmoid(A * score + B);
            case "isotonic":
                if (score <= X[0])
                {
                    return Y[0];
                }
                if (score >= X[^1])
                {
                    return Y[^1];
                }
                var hi = Array.BinarySearch(X, score);
                if (hi >= 0)
                {
                    return Y[hi];
                }
                hi = ~hi;
                var lo = hi - 1;
                var t = (score - X[lo]) / (X[hi] - X[lo]);
                return Y[lo] + t * (Y[hi] - Y[lo]);
            default:
                return Sigmoid(score);
        }
    }

    /// <summary>The logistic function, stable for large |x|.</summary>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>
    /// Platt scaling by Newton's method on the (weighted) log-loss of sigmoid(a·s + b), with Platt's
    /// smoothed targets and the slope kept positive. Hand-written: two parameters, and ML.NET's calibrators only fit on an IDataView
    /// pipeline, not on out-of-fold arrays we already hold.
    /// </summary>
    public static ProbabilityCalibrator FitPlatt(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels)
    {
        double positives = 0;
        foreach (var y in labels)
        {
            positives += y;
        }
        var negatives = labels.Length - positives;
        var hiTarget = (positives + 1) / (positives + 2);
        var loTarget = 1 / (negatives + 2);
        double a = 1, b = 0;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double gA = 0, gB = 0, hAA = 1e-9, hAB = 0, hBB = 1e-9;
            for (var i = 0; i < scores.Length; i++)
            {
                var t = labels[i] > 0.5 ? hiTarget : loTarget;
                var p = Sigmoid(a * scores[i] + b);
                var d = p - t;
                var w = p * (1 - p);
                gA += d * scores[i];
                gB += d;
                hAA += w * scores[i] * scores[i];
                hAB += w * scores[i];
                hBB += w;
            }
            var det = hAA * hBB - hAB * hAB;
            if (Math.Abs(det) < 1e-18)
            {
                break;
            }
            var stepA = (hBB * gA - hAB * gB) / det;
            var stepB = (hAA * gB - hAB * gA) / det;
            a -= stepA;
            b -= stepB;
            if (Math.Abs(stepA) + Math.Abs(stepB) < 1e-10)
            {
                break;
            }
        }
        if (!(a > 0))
        {
            // A calibration map must not reverse the model's ranking (isotonic cannot either): the
            // constrained optimum is on the boundary a = 0, the base rate. A vanishing positive slope keeps
            // that probability while ties still follow the model's order.
            a = 1e-9;
            var rate = Math.Clamp(positives / Math.Max(1, labels.Length), 1e-6, 1 - 1e-6);
            b = Math.Log(rate / (1 - rate));
        }
        return new ProbabilityCalibrator("platt", a, b, [], []);
    }

    /// <summary>
    /// Isotonic regression by pool-adjacent-violators on scores sorted ascending; knots are the
    /// blocks' mean score and mean label. Hand-written for the same reason as <see cref="FitPlatt"/>.
    /// </summary>
    public static ProbabilityCalibrator FitIsotonic(ReadOnlySpan<double> scores, ReadOnlySpan<double> labels)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        var sumX = new List<double>();
        var sumY = new List<double>();
        var count = new List<double>();
        foreach (var i in order)
        {
            sumX.Add(scores[i]);
            sumY.Add(labels[i]);
            count.Add(1);
            while (sumY.Count > 1 && sumY[^2] / count[^2] >= sumY[^1] / count[^1])
            {
                sumX[^2] += sumX[^1];
                sumY[^2] += sumY[^1];
                count[^2] += count[^1];
                sumX.RemoveAt(sumX.Count - 1);
                sumY.RemoveAt(sumY.Count - 1);
                count.RemoveAt(count.Count - 1);
            }
        }
        var x = new double[sumX.Count];
        var y = new double[sumX.Count];
        for (var k = 0; k < x.Length; k++)
        {
            x[k] = sumX[k] / count[k];
            y[k] = sumY[k] / count[k];
        }
        return new ProbabilityCalibrator("isotonic", 1, 0, x, y);
    }
}
