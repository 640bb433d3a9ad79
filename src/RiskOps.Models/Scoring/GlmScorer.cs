using System.Text.Json;

namespace RiskOps.Models.Scoring;

/// <summary>
/// Scores a <see cref="GlmCoefficients"/> model: a dot product in link space over the filled, clipped
/// and standardised slots (the scaling is stored with the coefficients, so serving and explanations
/// apply exactly what training did). A Gamma model (log link) is a regression, whose scorer output is the value
/// itself, so it returns exp(η); the others return η (log-odds, log-rate, or the Gaussian value).
/// </summary>
public sealed class GlmScorer(GlmCoefficients model) : LinkScorer
{
    /// <summary>File holding the coefficients inside an artifact directory.</summary>
    public const string FileName = "glm.json";

    private readonly bool _meanOutput = model.Family == "gamma";

    /// <summary>The fitted coefficients.</summary>
    public GlmCoefficients Model { get; } = model;

    /// <inheritdoc/>
    public override int Outputs => 1;

    /// <inheritdoc/>
    public override void Score(ReadOnlySpan<float> matrix, int rowCount, Span<double> scores)
    {
        var width = Model.Coefficients.Length;
        for (var r = 0; r < rowCount; r++)
        {
            var eta = Model.Link(matrix.Slice(r * width, width));
            scores[r] = _meanOutput ? Math.Exp(Math.Clamp(eta, -50, 50)) : eta;
        }
    }

    /// <inheritdoc/>
    public override string Save(string directory)
    {
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(Model, ArtifactJson.Options));
        return "glm";
    }

    /// <summary>Loads the coefficients written by <see cref="Save"/>.</summary>
    public static GlmScorer Load(string directory) =>
        new(JsonSerializer.Deserialize<GlmCoefficients>(File.ReadAllText(Path.Combine(directory, FileName)), ArtifactJson.Options)
            ?? throw new InvalidDataException($"{FileName} is empty"));
}
