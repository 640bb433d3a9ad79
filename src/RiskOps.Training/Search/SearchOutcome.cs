using RiskOps.Training.Modeling;

namespace RiskOps.Training.Search;

/// <summary>The result of searching one learner: every trial, and the best configuration (with its tree budget) scored at any rung.</summary>
/// <param name="Trainer">Learner.</param>
/// <param name="Best">Best configuration.</param>
/// <param name="BestScore">Its mean cross-validation score.</param>
/// <param name="Trials">Every evaluation, in order.</param>
/// <param name="StoppedByBudget">True when the time budget cut the search short.</param>
public sealed record SearchOutcome(TrainerKind Trainer, HyperParameters Best, double BestScore, IReadOnlyList<SearchTrial> Trials, bool StoppedByBudget);
