using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadScoring.Dashboard.Api;

/// <summary>Serializer settings for answers built from Core/Engine records (which carry no JSON attributes of their own).</summary>
public static class ApiJson
{
    /// <summary>snake_case names and enum strings, like the rest of the API's bodies.</summary>
    public static JsonSerializerOptions SnakeCase { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
