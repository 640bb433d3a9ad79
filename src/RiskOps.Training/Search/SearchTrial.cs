using RiskOps.Training.Modeling;

namespace RiskOps.Training.Search;

/// <summary>One evaluated configuration at one successive-halving rung.</summary>
/// <param name="Trainer">Learner.</param>
/// <param name="Config">Index of the configuration among those sampled.</param>
/// <param name="Rung">Successive-halving rung (0 = cheapest).</param>
/// <param name="Parameters">Hyperparameters (trees = the rung's budget).</param>
/// <param name="Score">Mean cross-validation primary metric.</param>
/// <param name="FoldScores">Per-fold primary metric.</param>
/// <param name="Seconds">Wall time of the evaluation.</param>
public sealed record SearchTrial(TrainerKind Trainer, int Config, int Rung, HyperParameters Parameters, double Score, double[] FoldScores, double Seconds);
