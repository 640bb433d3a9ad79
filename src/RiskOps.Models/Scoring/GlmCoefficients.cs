namespace RiskOps.Models.Scoring;

/// <summary>
/// A fitted generalised linear model on encoded slots, as stored in <c>glm.json</c>. With
/// <see cref="Scale"/> set, each slot is first filled (missing → <see cref="Fill"/>), clipped to
/// [<see cref="Lower"/>, <see cref="Upper"/>] and standardised, z = (x − <see cref="Center"/>) / <see cref="Scale"/>,
/// and <see cref="Coefficients"/> multiply z (per standard deviation); without it (older artifacts and
/// hand-built models) they multiply the raw slot value.
/// </summary>
/// <param name="Family">binomial, poisson, gamma or gaussian.</param>
/// <param name="Intercept">Intercept in link space.</param>
/// <param name="Coefficients">One coefficient per encoder slot: per standard deviation when <paramref name="Scale"/> is set, else per unit.</param>
/// <param name="Fill">Value used for a missing (NaN) slot: the training median.</param>
/// <param name="Iterations">IRLS iterations run.</param>
/// <param name="Converged">Whether the deviance change fell under the tolerance.</param>
/// <param name="Center">Per slot, the training mean of the clipped values; null for raw slots.</param>
/// <param name="Scale">Per slot, the training standard deviation of the clipped values (0 = slot unused); null for raw slots.</param>
/// <param name="Lower">Per slot, the lowest value used (training 0.5% quantile for numeric slots); null for no clipping.</param>
/// <param name="Upper">Per slot, the highest value used (training 99.5% quantile for numeric slots); null for no clipping.</param>
public sealed record GlmCoefficients(
    string Family,
    double Intercept,
    double[] Coefficients,
    double[] Fill,
    int Iterations,
    bool Converged,
    double[]? Center = null,
    double[]? Scale = null,
    double[]? Lower = null,
    double[]? Upper = null)
{
    /// <summary>The link-space value η of one encoded row.</summary>
    public double Link(ReadOnlySpan<float> row)
    {
        var eta = Intercept;
        for (var j = 0; j < Coefficients.Length; j++)
        {
            var x = float.IsNaN(row[j]) ? Fill[j] : row[j];
            if (Scale is null)
            {
                eta += Coefficients[j] * x;
                continue;
            }
            if (Scale[j] == 0)
            {
                continue;
            }
            if (Lower is not null && Upper is not null)
            {
                x = Math.Clamp(x, Lower[j], Upper[j]);
            }
            eta += Coefficients[j] * (x - Center![j]) / Scale[j];
        }
        return eta;
    }

    /// <summary>
    /// The same model per unit of each raw slot (inside the clipping range): intercept and slopes such
    /// that η = intercept + Σ slope·x, for reports and for checking against hand-computed fits.
    /// </summary>
    public (double Intercept, double[] PerUnit) Unscaled()
    {
        if (Scale is null)
        {
            return (Intercept, (double[])Coefficients.Clone());
        }
        var perUnit = new double[Coefficients.Length];
        var intercept = Intercept;
        for (var j = 0; j < perUnit.Length; j++)
        {
            if (Scale[j] == 0)
            {
                continue;
            }
            perUnit[j] = Coefficients[j] / Scale[j];
            intercept -= perUnit[j] * Center![j];
        }
        return (intercept, perUnit);
    }
}
