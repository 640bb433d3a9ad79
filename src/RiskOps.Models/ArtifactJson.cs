using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskOps.Models;

/// <summary>The one JSON shape of every artifact file, so training writes exactly what serving reads.</summary>
public static class ArtifactJson
{
    /// <summary>Indented, camelCase, enums as strings, non-finite numbers allowed as named literals.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };
}
