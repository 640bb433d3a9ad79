using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskOps.Features.Registry;

/// <summary>JSON settings for definitions and statistics stored in the registry database.</summary>
internal static class RegistryJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
