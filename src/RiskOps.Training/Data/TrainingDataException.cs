using RiskOps.Core.Errors;

namespace RiskOps.Training.Data;

/// <summary>The data cannot be trained on (missing file or column, degenerate content); the message says why.</summary>
public sealed class TrainingDataException(string message) : RiskOpsException(message);
