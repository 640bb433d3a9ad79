namespace RiskOps.Models.Scoring;

/// <summary>An encoded binary training row (ML.NET binary trainers need a Boolean label).</summary>
public sealed class EncodedBinaryRow
{
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }

    public float Weight { get; set; } = 1f;
}
