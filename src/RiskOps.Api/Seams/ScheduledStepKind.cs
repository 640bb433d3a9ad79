namespace RiskOps.Api.Seams;

/// <summary>Which scheduled job a step belongs to, in running order within the nightly job.</summary>
public enum ScheduledStepKind
{
    /// <summary>Nightly: lakehouse ETL.</summary>
    NightlyEtl,
    /// <summary>Nightly, after ETL: feature materialization.</summary>
    NightlyMaterialize,
    /// <summary>Weekly: retraining with the promotion gate.</summary>
    WeeklyRetrain,
}
