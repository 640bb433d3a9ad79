namespace RiskOps.Models.Scoring;

/// <summary>The per-class score column of a multiclass model.</summary>
public sealed class VectorScore
{
    public float[] Score { get; set; } = [];
}
