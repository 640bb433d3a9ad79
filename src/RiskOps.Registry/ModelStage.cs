namespace RiskOps.Registry;

/// <summary>
/// Lifecycle of a model version: None → Staging → Production → Archived. A model has at most one
/// Production version; promoting another moves the previous one to Archived in the same transaction.
/// </summary>
public enum ModelStage
{
    /// <summary>Registered, not yet proposed for anything.</summary>
    None,
    /// <summary>Under evaluation (shadow traffic, challenger).</summary>
    Staging,
    /// <summary>The one version serving loads for this model.</summary>
    Production,
    /// <summary>Retired; kept for lineage and rollback.</summary>
    Archived,
}
