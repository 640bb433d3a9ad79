namespace RiskOps.Training.Evaluation;

/// <summary>One bin of a reliability curve.</summary>
public sealed record CalibrationBin(double From, double To, long Count, double MeanPredicted, double ObservedRate);
