using MathNet.Numerics.LinearAlgebra;
using RiskOps.Models.Scoring;

namespace RiskOps.Training.Modeling;

/// <summary>
/// Generalised linear models by iteratively reweighted least squares: binomial (logit), Poisson
/// (log, with a log-exposure offset), Gamma (log) and Gaussian (identity), with a small ridge for
/// stability. Hand-written because ML.NET has no Poisson or Gamma GLM and no offset; the normal
/// equations are solved with MathNet's Cholesky.
/// </summary>
internal static class IrlsGlm
{
    private const int MaxIterations = 50;
    private const double Tolerance = 1e-8;

    /// <summary>Lower and upper training quantiles a numeric slot is clipped to.</summary>
    public const double ClipQuantile = 0.005;

    /// <summary>
    /// Fits the model. Each slot is filled (missing → slot median), numeric slots are clipped to their
    /// training 0.5%–99.5% quantiles (a linear predictor would let one extreme claim amount or tenure
    /// dominate every score and explanation), and every slot is standardised; the fill, clip bounds,
    /// centre and scale are returned with the coefficients, which are per standard deviation.
    /// </summary>
    /// <param name="family">binomial, poisson, gamma or gaussian.</param>
    /// <param name="set">Encoded rows; for poisson Y is the count and Exposure the offset base.</param>
    /// <param name="l2">Ridge penalty per row on standardised coefficients.</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    public static GlmCoefficients Fit(string family, EncodedSet set, double l2, CancellationToken cancellationToken)
    {
        var n = set.Rows;
        var p = set.Width;
        var fill = set.SlotMedians();
        var (lower, upper) = ClipBounds(set, fill);
        var mean = new double[p];
        var scale = new double[p];
        for (var j = 0; j < p; j++)
        {
            double s = 0;
            for (var r = 0; r < n; r++)
            {
                s += Value(set, fill, lower, upper, r, j);
            }
            mean[j] = s / n;
            double s2 = 0;
            for (var r = 0; r < n; r++)
            {
                var d = Value(set, fill, lower, upper, r, j) - mean[j];
                s2 += d * d;
            }
            var variance = s2 / n;
            scale[j] = variance > 1e-12 * Math.Max(1, mean[j] * mean[j]) ? Math.Sqrt(variance) : 0;
        }
        var offset = new double[n];
        if (family == "poisson")
        {
            for (var r = 0; r < n; r++)
            {
                offset[r] = Math.Log(set.Exposure[r]);
            }
        }
        // beta[0] is the intercept; beta[j + 1] multiplies the standardised slot j.
        var beta = new double[p + 1];
        beta[0] = InitialIntercept(family, set);
        var previousDeviance = double.MaxValue;
        var converged = false;
        var iteration = 0;
        var z = new double[n];
        var w = new double[n];
        var row = new double[p + 1];
        while (iteration < MaxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iteration++;
            var xtwx = new double[p + 1, p + 1];
            var xtwz = new double[p + 1];
            double deviance = 0;
            for (var r = 0; r < n; r++)
            {
                FillRow(set, fill, lower, upper, mean, scale, r, row);
                double eta = 0;
                for (var j = 0; j <= p; j++)
                {
                    eta += beta[j] * row[j];
                }
                eta += offset[r];
                var (mu, dmu, variance) = Moments(family, eta);
                var y = set.Y[r];
                deviance += set.W[r] * UnitDeviance(family, y, mu);
                w[r] = set.W[r] * dmu * dmu / variance;
                z[r] = eta - offset[r] + (y - mu) / dmu;
                var wr = w[r];
                if (wr == 0)
                {
                    continue;
                }
                for (var a = 0; a <= p; a++)
                {
                    var wa = wr * row[a];
                    if (wa == 0)
                    {
                        continue;
                    }
                    xtwz[a] += wa * z[r];
                    for (var b = a; b <= p; b++)
                    {
                        xtwx[a, b] += wa * row[b];
                    }
                }
            }
            for (var a = 0; a <= p; a++)
            {
                for (var b = 0; b < a; b++)
                {
                    xtwx[a, b] = xtwx[b, a];
                }
                if (a > 0)
                {
                    xtwx[a, a] += l2 * n + (scale[a - 1] == 0 ? 1 : 0);
                }
            }
            var solution = Matrix<double>.Build.DenseOfArray(xtwx).Cholesky().Solve(Vector<double>.Build.DenseOfArray(xtwz));
            beta = solution.ToArray();
            if (Math.Abs(previousDeviance - deviance) <= Tolerance * (Math.Abs(deviance) + 0.1))
            {
                converged = true;
                break;
            }
            previousDeviance = deviance;
        }
        var coefficients = new double[p];
        for (var j = 0; j < p; j++)
        {
            coefficients[j] = scale[j] == 0 ? 0 : beta[j + 1];
        }
        return new GlmCoefficients(family, beta[0], coefficients, fill, iteration, converged, mean, scale, lower, upper);
    }

    /// <summary>Numeric slots: the training 0.5% and 99.5% quantiles (min and max when those coincide, e.g. a rare 0/1 flag); other slots are not clipped.</summary>
    private static (double[] Lower, double[] Upper) ClipBounds(EncodedSet set, double[] fill)
    {
        var lower = new double[set.Width];
        var upper = new double[set.Width];
        var values = new double[set.Rows];
        for (var j = 0; j < set.Width; j++)
        {
            if (set.Continuous is not { } continuous || !continuous[j])
            {
                lower[j] = double.NegativeInfinity;
                upper[j] = double.PositiveInfinity;
                continue;
            }
            for (var r = 0; r < set.Rows; r++)
            {
                var v = set.X[(long)r * set.Width + j];
                values[r] = float.IsNaN(v) ? fill[j] : v;
            }
            Array.Sort(values);
            var last = values.Length - 1;
            var lo = values[(int)Math.Floor(ClipQuantile * last)];
            var hi = values[(int)Math.Ceiling((1 - ClipQuantile) * last)];
            (lower[j], upper[j]) = hi > lo ? (lo, hi) : (values[0], values[last]);
        }
        return (lower, upper);
    }

    private static double Value(EncodedSet set, double[] fill, double[] lower, double[] upper, int r, int j)
    {
        var v = set.X[(long)r * set.Width + j];
        return Math.Clamp(float.IsNaN(v) ? fill[j] : v, lower[j], upper[j]);
    }

    private static void FillRow(EncodedSet set, double[] fill, double[] lower, double[] upper, double[] mean, double[] scale, int r, double[] row)
    {
        row[0] = 1;
        for (var j = 0; j < set.Width; j++)
        {
            row[j + 1] = scale[j] == 0 ? 0 : (Value(set, fill, lower, upper, r, j) - mean[j]) / scale[j];
        }
    }

    private static double InitialIntercept(string family, EncodedSet set)
    {
        double sy = 0, sw = 0, se = 0;
        for (var r = 0; r < set.Rows; r++)
        {
            sy += set.W[r] * set.Y[r];
            sw += set.W[r];
            se += set.W[r] * set.Exposure[r];
        }
        var m = sy / sw;
        return family switch
        {
            "binomial" => Math.Log(Math.Clamp(m, 1e-6, 1 - 1e-6) / (1 - Math.Clamp(m, 1e-6, 1 - 1e-6))),
            "poisson" => Math.Log(Math.Max(sy / se, 1e-9)),
            "gamma" => Math.Log(Math.Max(m, 1e-9)),
            _ => m,
        };
    }

    /// <summary>Mean, d(mean)/d(eta) and variance function at <paramref name="eta"/>, clamped away from the boundary.</summary>
    private static (double Mu, double DMu, double Variance) Moments(string family, double eta)
    {
        switch (family)
        {
            case "binomial":
                var p = Math.Clamp(1 / (1 + Math.Exp(-eta)), 1e-10, 1 - 1e-10);
                return (p, p * (1 - p), p * (1 - p));
            case "poisson":
                var lambda = Math.Exp(Math.Clamp(eta, -30, 30));
                return (lambda, lambda, lambda);
            case "gamma":
                var mu = Math.Exp(Math.Clamp(eta, -30, 30));
                return (mu, mu, mu * mu);
            default:
                return (eta, 1, 1);
        }
    }

    private static double UnitDeviance(string family, double y, double mu) => family switch
    {
        "binomial" => -2 * (y * Math.Log(mu) + (1 - y) * Math.Log(1 - mu)),
        "poisson" => 2 * ((y > 0 ? y * Math.Log(y / mu) : 0) - (y - mu)),
        "gamma" => 2 * (-Math.Log(Math.Max(y, 1e-12) / mu) + (y - mu) / mu),
        _ => (y - mu) * (y - mu),
    };
}
