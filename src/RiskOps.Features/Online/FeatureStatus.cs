namespace RiskOps.Features.Online;

/// <summary>Whether a served feature has a value.</summary>
public enum FeatureStatus : byte
{
    /// <summary>A value within the view's TTL (it may still be a null in the source: NaN / null).</summary>
    Present,
    /// <summary>No row for this entity.</summary>
    Missing,
    /// <summary>A row exists but is older than the view's TTL; the value is withheld, never served stale.</summary>
    Expired,
}
