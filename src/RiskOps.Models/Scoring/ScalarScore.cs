namespace RiskOps.Models.Scoring;

/// <summary>The raw score column of a binary or regression model.</summary>
public sealed class ScalarScore
{
    public float Score { get; set; }
}
