namespace RiskOps.Features.Online;

/// <summary>Which tier served a read.</summary>
public enum FeatureReadSource
{
    /// <summary>The online store.</summary>
    Online,
    /// <summary>The offline store (latest values from gold), used when the online store is unavailable.</summary>
    OfflineFallback,
}
