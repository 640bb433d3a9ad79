namespace RiskOps.Training.World;

/// <summary>A model of the built-in world, trained from gold through the feature store.</summary>
public enum BuiltInModel
{
    /// <summary>Customer risk: incident in the next 30 days (binary), feature service <c>crai</c>.</summary>
    Crai,
    /// <summary>Claims triage: decided claim rejected or fraud-confirmed (binary), service <c>claims_triage</c>.</summary>
    Claims,
    /// <summary>Bookings per bay in the next 15-minute bucket (regression), service <c>demand</c>.</summary>
    Demand,
    /// <summary>Claim frequency: claims per customer per 30-day period, Poisson with exposure = contract years, service <c>claims_frequency</c>.</summary>
    ClaimsFrequency,
    /// <summary>Claim severity: paid amount of a paid claim (regression, Gamma GLM baseline), service <c>claims_severity</c>.</summary>
    ClaimsSeverity,
}
