using System.Text.Json;

namespace LeadScoring.Engine.Features;

/// <summary>Reads the original system's target encoder exported as plain data (target_encoding.json).</summary>
public static class OriginalTargetEncodingReader
{
    public static TargetEncoderState Read(string json, string sourceName)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var prior = Number(root, "prior", sourceName);
        var parameters = Property(root, "params", sourceName);
        var smoothing = Number(parameters, "smoothing", sourceName);
        var minSamplesLeaf = (int)Number(parameters, "min_samples_leaf", sourceName);
        var perColumn = Property(root, "per_column", sourceName);

        var columns = new List<TargetEncodingColumn>();
        foreach (var name in FeatureSchema.TargetEncodedColumns)
        {
            var column = Property(perColumn, name, sourceName);
            var mapping = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var entry in Property(column, "mapping", sourceName).EnumerateObject())
            {
                mapping[entry.Name] = entry.Value.GetDouble();
            }
            columns.Add(new TargetEncodingColumn(name, Number(column, "unknown_value", sourceName),
                Number(column, "missing_value", sourceName), mapping, new Dictionary<string, int>()));
        }
        return new TargetEncoderState(prior, smoothing, minSamplesLeaf, columns);
    }

    private static JsonElement Property(JsonElement element, string name, string sourceName) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new InvalidDataException($"{sourceName}: '{name}' is missing.");

    private static double Number(JsonElement element, string name, string sourceName)
    {
        var value = Property(element, name, sourceName);
        return value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new InvalidDataException($"{sourceName}: '{name}' is not a number.");
    }
}
