namespace RiskOps.Training.Validation;

/// <summary>One cross-validation fold: row indexes to train on and to validate on.</summary>
public sealed record Split(int[] Train, int[] Validation);
