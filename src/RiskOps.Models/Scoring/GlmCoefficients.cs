namespace RiskOps.Models.Scoring;

/// <summary>A fitted generalised linear model on encoded slots, as stored in <c>glm.json</c>.</summary>
/// <param name="Family">binomial, poisson, gamma or gaussian.</param>
/// <param name="Intercept">Intercept in link space.</param>
/// <param name="Coefficients">One coefficient per encoder slot, on the original scale.</param>
/// <param name="Fill">Value used for a missing (NaN) slot: the training median.</param>
/// <param name="Iterations">IRLS iterations run.</param>
/// <param name="Converged">Whether the deviance change fell under the tolerance.</param>
public sealed record GlmCoefficients(
    string Family,
    double Intercept,
    double[] Coefficients,
    double[] Fill,
    int Iterations,
    bool Converged);
