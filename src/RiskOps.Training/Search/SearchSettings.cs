namespace RiskOps.Training.Search;

/// <summary>Search budget and reproducibility.</summary>
/// <param name="Trials">Configurations sampled per learner (the first is a sensible default).</param>
/// <param name="TimeBudget">Wall-time budget for the whole search, or null for none.</param>
/// <param name="MaxTrees">Tree budget at the final rung.</param>
/// <param name="Seed">Seed of the sampler and the learners.</param>
/// <param name="Threads">Learner threads, or null for all cores.</param>
public sealed record SearchSettings(int Trials, TimeSpan? TimeBudget, int MaxTrees, int Seed, int? Threads);
