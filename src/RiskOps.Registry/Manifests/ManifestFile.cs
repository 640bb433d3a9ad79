using System.Text.Json;
using System.Text.Json.Serialization;
using RiskOps.Core.Modeling;
using RiskOps.Registry.Errors;

namespace RiskOps.Registry.Manifests;

/// <summary>
/// Reads, validates and writes <c>manifest.json</c>, the file training puts next to a model's files.
/// Training should write it with <see cref="WriteAsync"/> so the registry and serving read the same shape
/// (camelCase, enums as strings).
/// </summary>
public static class ManifestFile
{
    /// <summary>The manifest's file name inside an artifact directory.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The JSON shape of manifests: web defaults (camelCase, case-insensitive) and enums as strings.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes <paramref name="manifest"/> as <c>manifest.json</c> in <paramref name="artifactDirectory"/>.</summary>
    public static async Task WriteAsync(string artifactDirectory, ModelManifest manifest, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(artifactDirectory);
        await using var stream = File.Create(Path.Combine(artifactDirectory, FileName));
        await JsonSerializer.SerializeAsync(stream, manifest, JsonOptions, cancellationToken);
    }

    /// <summary>
    /// Reads and validates the manifest of an artifact directory. Throws <see cref="InvalidManifestException"/>
    /// naming the missing or invalid field.
    /// </summary>
    public static async Task<ModelManifest> ReadAsync(string artifactDirectory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(artifactDirectory, FileName);
        if (!Directory.Exists(artifactDirectory))
        {
            throw new InvalidManifestException($"artifact directory '{artifactDirectory}' does not exist");
        }
        if (!File.Exists(path))
        {
            throw new InvalidManifestException($"'{artifactDirectory}' has no {FileName}; training writes one next to the model files");
        }
        return Parse(await File.ReadAllTextAsync(path, cancellationToken), path);
    }

    /// <summary>Parses and validates manifest JSON; <paramref name="source"/> names it in error messages.</summary>
    public static ModelManifest Parse(string json, string source = FileName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidManifestException($"{source}: not valid JSON ({ex.Message})", ex);
        }
        using (document)
        {
            CheckShape(document.RootElement, source);
            ModelManifest? manifest;
            try
            {
                manifest = document.RootElement.Deserialize<ModelManifest>(JsonOptions);
            }
            catch (JsonException ex)
            {
                var field = string.IsNullOrEmpty(ex.Path) ? "" : $" at '{ex.Path.TrimStart('$', '.')}'";
                var detail = ex.Message.Split(" Path:", 2)[0].TrimEnd('.');
                throw new InvalidManifestException($"{source}: invalid value{field} ({detail})", ex);
            }
            return Validate(manifest!, source);
        }
    }

    /// <summary>Checks the semantic rules a parsed manifest must meet and returns it.</summary>
    public static ModelManifest Validate(ModelManifest manifest, string source = FileName)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ModelNames.Check(manifest.ModelName, $"{source}: field 'modelName'");
        if (string.IsNullOrWhiteSpace(manifest.Trainer))
        {
            throw Invalid(source, "trainer", "must not be empty");
        }
        if (manifest.Signature.Inputs.Count == 0)
        {
            throw Invalid(source, "signature.inputs", "must list at least one feature");
        }
        var duplicate = manifest.Signature.Inputs.GroupBy(i => i.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw Invalid(source, "signature.inputs", $"lists '{duplicate.Key}' twice");
        }
        if (manifest.Signature.Inputs.Any(i => string.IsNullOrWhiteSpace(i.Name)))
        {
            throw Invalid(source, "signature.inputs", "has a feature without a name");
        }
        if (manifest.Data.Tables.Count == 0)
        {
            throw Invalid(source, "data.tables", "must name at least one table");
        }
        if (manifest.Data.Rows < 0)
        {
            throw Invalid(source, "data.rows", "must not be negative");
        }
        if (string.IsNullOrWhiteSpace(manifest.PrimaryMetric))
        {
            throw Invalid(source, "primaryMetric", "must not be empty");
        }
        if (!manifest.Metrics.TryGetValue(manifest.PrimaryMetric, out var primary))
        {
            throw Invalid(source, "metrics", $"has no value for the primary metric '{manifest.PrimaryMetric}' (has: {string.Join(", ", manifest.Metrics.Keys)})");
        }
        if (!double.IsFinite(primary))
        {
            throw Invalid(source, $"metrics.{manifest.PrimaryMetric}", "the primary metric must be a finite number");
        }
        return manifest;
    }

    private static readonly (string Path, JsonValueKind[] Kinds)[] s_required =
    [
        ("modelName", [JsonValueKind.String]),
        ("trainer", [JsonValueKind.String]),
        ("signature", [JsonValueKind.Object]),
        ("signature.task", [JsonValueKind.String, JsonValueKind.Number]),
        ("signature.inputs", [JsonValueKind.Array]),
        ("data", [JsonValueKind.Object]),
        ("data.tables", [JsonValueKind.Array]),
        ("data.asOf", [JsonValueKind.String]),
        ("data.rows", [JsonValueKind.Number]),
        ("parameters", [JsonValueKind.Object]),
        ("metrics", [JsonValueKind.Object]),
        ("primaryMetric", [JsonValueKind.String]),
        ("higherIsBetter", [JsonValueKind.True, JsonValueKind.False]),
    ];

    private static void CheckShape(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidManifestException($"{source}: expected a JSON object");
        }
        foreach (var (path, kinds) in s_required)
        {
            var element = Find(root, path);
            if (element is null || element.Value.ValueKind == JsonValueKind.Null)
            {
                throw Invalid(source, path, "is missing");
            }
            if (!kinds.Contains(element.Value.ValueKind))
            {
                throw Invalid(source, path, $"has the wrong type ({element.Value.ValueKind.ToString().ToLowerInvariant()})");
            }
        }
        CheckEnum<ModelTask>(Find(root, "signature.task")!.Value, source, "signature.task");
        var index = 0;
        foreach (var input in Find(root, "signature.inputs")!.Value.EnumerateArray())
        {
            foreach (var field in new[] { "name", "kind" })
            {
                if (input.ValueKind != JsonValueKind.Object || Find(input, field) is not { ValueKind: not JsonValueKind.Null })
                {
                    throw Invalid(source, $"signature.inputs[{index}].{field}", "is missing");
                }
            }
            CheckEnum<FeatureKind>(Find(input, "kind")!.Value, source, $"signature.inputs[{index}].kind");
            index++;
        }
    }

    private static void CheckEnum<TEnum>(JsonElement element, string source, string field) where TEnum : struct, Enum
    {
        if (element.ValueKind == JsonValueKind.String && !Enum.TryParse<TEnum>(element.GetString(), ignoreCase: true, out _))
        {
            throw Invalid(source, field, $"is '{element.GetString()}'; expected one of {string.Join(", ", Enum.GetNames<TEnum>())}");
        }
    }

    private static JsonElement? Find(JsonElement element, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var found = element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, part, StringComparison.OrdinalIgnoreCase));
            if (found.Value.ValueKind == JsonValueKind.Undefined)
            {
                return null;
            }
            element = found.Value;
        }
        return element;
    }

    private static InvalidManifestException Invalid(string source, string field, string problem) =>
        new($"{source}: field '{field}' {problem}");
}
