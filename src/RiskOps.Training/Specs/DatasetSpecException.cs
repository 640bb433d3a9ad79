using RiskOps.Core.Errors;

namespace RiskOps.Training.Specs;

/// <summary>A dataset spec is invalid; the message names the field.</summary>
public sealed class DatasetSpecException(string message) : RiskOpsException(message);
