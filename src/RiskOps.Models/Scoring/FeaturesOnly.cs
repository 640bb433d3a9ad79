namespace RiskOps.Models.Scoring;

/// <summary>A row to score: just the encoded feature vector.</summary>
public sealed class FeaturesOnly
{
    public float[] Features { get; set; } = [];
}
