namespace RiskOps.Models.Scoring;

/// <summary>An encoded training row as ML.NET sees it; the vector width is set by <see cref="MlNetSchemas"/>.</summary>
public sealed class EncodedRow
{
    public float[] Features { get; set; } = [];

    public float Label { get; set; }

    public float Weight { get; set; } = 1f;
}
