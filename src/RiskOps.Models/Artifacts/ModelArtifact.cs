using System.Text.Json;
using RiskOps.Core.Modeling;
using RiskOps.Models.Encoding;
using RiskOps.Models.Scoring;

namespace RiskOps.Models.Artifacts;

/// <summary>
/// A model artifact directory: <c>manifest.json</c> (<see cref="ModelManifest"/>), <c>encoder.json</c>,
/// <c>output.json</c>, <c>scorer.txt</c> (glm, mlnet or blend) and the scorer's own files (a blend's parts in sub-folders).
/// </summary>
public static class ModelArtifact
{
    /// <summary>The manifest file name.</summary>
    public const string ManifestFile = "manifest.json";
    private const string EncoderFile = "encoder.json";
    private const string OutputFile = "output.json";
    private const string ScorerFile = "scorer.txt";

    /// <summary>Writes a complete artifact into <paramref name="directory"/> (created if needed).</summary>
    public static void Save(string directory, ModelManifest manifest, FeatureEncoder encoder, LinkScorer scorer, ModelOutput output)
    {
        Directory.CreateDirectory(directory);
        var kind = scorer.Save(directory);
        File.WriteAllText(Path.Combine(directory, ScorerFile), kind);
        var state = new EncoderState(
            [.. encoder.Features],
            encoder.Levels.ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.Ordinal));
        File.WriteAllText(Path.Combine(directory, EncoderFile), JsonSerializer.Serialize(state, ArtifactJson.Options));
        File.WriteAllText(Path.Combine(directory, OutputFile), JsonSerializer.Serialize(output, ArtifactJson.Options));
        // The manifest goes last: its presence marks the artifact complete.
        File.WriteAllText(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(manifest, ArtifactJson.Options));
    }

    /// <summary>Reads only the manifest of an artifact.</summary>
    public static ModelManifest ReadManifest(string directory) =>
        Read<ModelManifest>(directory, ManifestFile);

    /// <summary>Loads an artifact written by <see cref="Save"/> as a thread-safe predictor.</summary>
    /// <exception cref="ModelArtifactException">The directory is not a complete artifact.</exception>
    public static IPredictor Load(string directory) => LoadPredictor(directory);

    /// <summary>Like <see cref="Load"/>, returning the concrete predictor (encoder and scorer exposed).</summary>
    public static RiskPredictor LoadPredictor(string directory)
    {
        if (!File.Exists(Path.Combine(directory, ManifestFile)))
        {
            throw new ModelArtifactException($"'{directory}' is not a model artifact: {ManifestFile} is missing");
        }
        var manifest = ReadManifest(directory);
        var state = Read<EncoderState>(directory, EncoderFile);
        var encoder = new FeatureEncoder(
            state.Features,
            state.Levels.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal));
        var output = Read<ModelOutput>(directory, OutputFile);
        var kind = File.ReadAllText(Path.Combine(directory, ScorerFile)).Trim();
        return new RiskPredictor(manifest, encoder, LoadScorer(kind, directory), output);
    }

    private static LinkScorer LoadScorer(string kind, string directory) => kind switch
    {
        "glm" => GlmScorer.Load(directory),
        "mlnet" => MlNetScorer.Load(directory),
        BlendScorer.Kind => BlendScorer.Load(directory, LoadScorer),
        _ => throw new ModelArtifactException($"'{directory}': unknown scorer kind '{kind}'"),
    };

    private static T Read<T>(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new ModelArtifactException($"'{directory}' is not a complete model artifact: {file} is missing");
        }
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), ArtifactJson.Options)
                ?? throw new ModelArtifactException($"'{path}' is empty");
        }
        catch (JsonException ex)
        {
            throw new ModelArtifactException($"'{path}' is not valid: {ex.Message}", ex);
        }
    }
}
