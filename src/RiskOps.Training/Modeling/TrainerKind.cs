namespace RiskOps.Training.Modeling;

/// <summary>The learners training can run.</summary>
public enum TrainerKind
{
    /// <summary>ML.NET LightGBM (binary, regression, multiclass).</summary>
    LightGbm,
    /// <summary>ML.NET FastTree (binary, regression, Poisson via Tweedie with power 1).</summary>
    FastTree,
    /// <summary>IRLS generalised linear model: the actuarial baseline.</summary>
    Glm,
}
