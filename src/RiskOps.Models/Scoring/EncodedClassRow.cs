namespace RiskOps.Models.Scoring;

/// <summary>An encoded multiclass training row; <see cref="Label"/> is a 1-based key (0 would mean missing).</summary>
public sealed class EncodedClassRow
{
    public float[] Features { get; set; } = [];

    public uint Label { get; set; }

    public float Weight { get; set; } = 1f;
}
