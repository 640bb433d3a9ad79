using RiskOps.Core.Errors;

namespace RiskOps.Features;

/// <summary>An expected feature-store failure: unknown view or feature, bad entity rows, a refused registration.</summary>
public sealed class FeatureStoreException : RiskOpsException
{
    public FeatureStoreException(string message) : base(message) { }

    public FeatureStoreException(string message, Exception innerException) : base(message, innerException) { }
}
