using System.Text.Json;
using System.Text.Json.Serialization;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Engine.Features;

/// <summary>
/// Medians that replace missing (null or NaN) raw numerics: one per numeric column of the raw schema, keyed by
/// column name. The JSON form is an object keyed the same way, like numeric_medians.json of the original system,
/// so that file loads as is.
/// </summary>
[JsonConverter(typeof(NumericMediansJsonConverter))]
public sealed class NumericMedians : IEquatable<NumericMedians>
{
    private readonly Dictionary<string, double> _values;

    /// <summary>Medians by column name, in the given order.</summary>
    public NumericMedians(IEnumerable<KeyValuePair<string, double>> values)
    {
        _values = new Dictionary<string, double>(values, StringComparer.Ordinal);
    }

    /// <summary>The original system's training medians (spec §2.4).</summary>
    public static NumericMedians OriginalDefaults { get; } = new(new Dictionary<string, double>
    {
        ["llm_quality"] = 70.0,
        ["llm_engagement"] = 0.55,
        ["llm_decision_maker"] = 0.5,
        ["llm_company_fit"] = 1.0,
        ["companyfoundedon"] = 2016.5,
    });

    /// <summary>The columns and their medians, in schema order.</summary>
    public IReadOnlyDictionary<string, double> Values => _values;

    /// <summary>The median of one numeric column.</summary>
    public double this[string column] => _values.TryGetValue(column, out var v)
        ? v
        : throw new ArgumentException($"'{column}' is not a numeric column with a median.", nameof(column));

    /// <summary>numpy-style medians of every numeric column of the leads' schema (missing values left out; 0 when none).</summary>
    public static NumericMedians Fit(IReadOnlyList<RawLead> leads, RawSchema? schema = null)
    {
        schema ??= leads.Count > 0 ? leads[0].Schema : RawSchema.Leads;
        return new NumericMedians(schema.Columns
            .Select((column, i) => (column, i))
            .Where(p => p.column.IsNumeric)
            .Select(p => KeyValuePair.Create(p.column.Name, MedianOf(leads.Select(l => l.GetNumber(p.i))))));
    }

    /// <summary>Reads a numeric_medians.json file; every numeric column of <paramref name="schema"/> must be present.</summary>
    public static NumericMedians Load(string path, RawSchema? schema = null)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new NumericMedians((schema ?? RawSchema.Leads).NumericColumns.Select(c => KeyValuePair.Create(c.Name,
            document.RootElement.TryGetProperty(c.Name, out var v) && v.ValueKind == JsonValueKind.Number
                ? v.GetDouble()
                : throw new InvalidDataException($"{path}: numeric median '{c.Name}' is missing or not a number."))));
    }

    /// <summary>Throws unless every numeric column of <paramref name="schema"/> has a finite median.</summary>
    public void Validate(RawSchema schema)
    {
        foreach (var column in schema.NumericColumns)
        {
            if (!_values.TryGetValue(column.Name, out var v) || !double.IsFinite(v))
            {
                throw new InvalidDataException($"The pipeline state has no finite median for '{column.Name}'.");
            }
        }
    }

    /// <summary>numpy-style median of the non-missing values: mean of the two middle values for an even count.</summary>
    internal static double MedianOf(IEnumerable<double?> values)
    {
        var sorted = values.Where(v => v is double x && !double.IsNaN(x)).Select(v => v!.Value).ToArray();
        if (sorted.Length == 0)
        {
            return 0.0;
        }
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    /// <inheritdoc />
    public bool Equals(NumericMedians? other) =>
        other is not null && _values.Count == other._values.Count
        && _values.All(p => other._values.TryGetValue(p.Key, out var v) && v.Equals(p.Value));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NumericMedians);

    /// <inheritdoc />
    public override int GetHashCode() => _values.Count;
}

/// <summary>Writes medians as a JSON object keyed by column name, and reads them back.</summary>
public sealed class NumericMediansJsonConverter : JsonConverter<NumericMedians>
{
    /// <inheritdoc />
    public override NumericMedians Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(JsonSerializer.Deserialize<Dictionary<string, double>>(ref reader) ?? throw new JsonException("The medians are null."));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, NumericMedians value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, median) in value.Values)
        {
            writer.WriteNumber(name, median);
        }
        writer.WriteEndObject();
    }
}
