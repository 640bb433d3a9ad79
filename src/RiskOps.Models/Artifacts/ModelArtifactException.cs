using RiskOps.Core.Errors;

namespace RiskOps.Models.Artifacts;

/// <summary>A model artifact directory is missing or damaged.</summary>
public sealed class ModelArtifactException : RiskOpsException
{
    public ModelArtifactException(string message) : base(message) { }

    public ModelArtifactException(string message, Exception innerException) : base(message, innerException) { }
}
