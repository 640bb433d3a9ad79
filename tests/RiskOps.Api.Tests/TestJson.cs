using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskOps.Api.Tests;

internal static class TestJson
{
    /// <summary>How the registry writes manifest.json (enums as strings).</summary>
    public static readonly JsonSerializerOptions Manifest = new() { Converters = { new JsonStringEnumConverter() } };
}
