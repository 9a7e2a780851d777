using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadScoring.Core.Domain;

/// <summary>
/// Reads a whole number leniently, as the original API (pydantic, lax mode) did: 80, 80.0 and "80" are
/// accepted; 80.5 and "high" are rejected.
/// </summary>
public sealed class WholeNumberJsonConverter : JsonConverter<int?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        double value;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                value = reader.GetDouble();
                break;
            case JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                value = parsed;
                break;
            default:
                throw new JsonException("Expected a whole number.");
        }
        if (!double.IsFinite(value) || Math.Floor(value) != value || value < int.MinValue || value > int.MaxValue)
        {
            throw new JsonException("Expected a whole number.");
        }
        return (int)value;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is int v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>System.Text.Json settings for /predict-style lead bodies.</summary>
public static class RawLeadJson
{
    /// <summary>
    /// Numbers may come as strings ("2"), named floating literals as strings ("NaN", imputed downstream);
    /// unknown fields are ignored, as in the original API. A bare NaN token is still invalid JSON.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Parses one lead body; throws <see cref="JsonException"/> when malformed.</summary>
    public static RawLead Parse(string json) =>
        JsonSerializer.Deserialize<RawLead>(json, Options) ?? throw new JsonException("The lead body is null.");
}
