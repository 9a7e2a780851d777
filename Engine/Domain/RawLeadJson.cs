using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadScoring.Engine.Domain;

/// <summary>
/// JSON form of a lead, driven by its schema: field names are the column names; numbers may come as strings ("2")
/// and named floating literals as strings ("NaN", imputed downstream); whole-number columns accept 80, 80.0 and
/// "80" and refuse 80.5 (pydantic's lax mode, as the original API); unknown fields are ignored. A bare NaN token is
/// still invalid JSON. Field-by-field validation with every error listed is <c>Ingestion.LeadJsonValidator</c>'s job.
/// </summary>
public static class RawLeadJson
{
    /// <summary>Settings that read and write <see cref="RawLead"/> of the original schema.</summary>
    public static JsonSerializerOptions Options { get; } = new() { Converters = { new RawLeadJsonConverter(RawSchema.Leads) } };

    /// <summary>Parses one lead body; throws <see cref="JsonException"/> when malformed.</summary>
    public static RawLead Parse(string json) =>
        JsonSerializer.Deserialize<RawLead>(json, Options) ?? throw new JsonException("The lead body is null.");
}

/// <summary>Reads and writes leads of one schema as JSON objects keyed by column name.</summary>
public sealed class RawLeadJsonConverter(RawSchema schema) : JsonConverter<RawLead>
{
    /// <inheritdoc />
    public override RawLead? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a JSON object of lead fields.");
        }
        var numbers = new double?[schema.Columns.Count];
        var strings = new string?[schema.Columns.Count];
        int? engaged = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            var i = schema.IndexOf(name);
            if (i >= 0 && reader.TokenType != JsonTokenType.Null)
            {
                var column = schema.Columns[i];
                if (column.IsNumeric)
                {
                    numbers[i] = ReadNumber(ref reader, column);
                }
                else
                {
                    strings[i] = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException($"'{name}' must be a string.");
                }
            }
            else if (name == RawSchema.LabelColumn && reader.TokenType != JsonTokenType.Null)
            {
                engaged = (int)ReadNumber(ref reader, new RawColumn(name, RawColumnKind.Integer, "label"));
            }
            else
            {
                reader.Skip();
            }
        }
        return RawLead.FromValues(schema, numbers, strings, engaged);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, RawLead value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        for (var i = 0; i < value.Schema.Columns.Count; i++)
        {
            var column = value.Schema.Columns[i];
            writer.WritePropertyName(column.Name);
            if (column.IsNumeric)
            {
                if (value.GetNumber(i) is { } n)
                {
                    writer.WriteNumberValue(n);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }
            else
            {
                writer.WriteStringValue(value.GetString(i));
            }
        }
        if (value.Engaged is { } label)
        {
            writer.WriteNumber(RawSchema.LabelColumn, label);
        }
        writer.WriteEndObject();
    }

    private static double ReadNumber(ref Utf8JsonReader reader, RawColumn column)
    {
        var value = reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetDouble(),
            JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new JsonException($"'{column.Name}' must be a number."),
        };
        if (column.Kind == RawColumnKind.Integer
            && (!double.IsFinite(value) || Math.Floor(value) != value || value < int.MinValue || value > int.MaxValue))
        {
            throw new JsonException($"'{column.Name}' must be a whole number.");
        }
        return value;
    }
}
