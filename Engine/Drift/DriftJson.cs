using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadScoring.Engine.Drift;

/// <summary>JSON form of drift reports (shape documented in Engine/Drift/README.md, versioned by <c>schemaVersion</c>).</summary>
public static class DriftReportJson
{
    /// <summary>camelCase names, enums as strings, ±∞ as "Infinity" (a chi-square statistic with an unseen category).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes a report.</summary>
    public static string Serialize(DriftReport report, bool indented = true)
        => JsonSerializer.Serialize(report, indented ? new JsonSerializerOptions(Options) { WriteIndented = true } : Options);

    /// <summary>Reads a report written by <see cref="Serialize"/>.</summary>
    public static DriftReport Deserialize(string json)
        => JsonSerializer.Deserialize<DriftReport>(json, Options) ?? throw new JsonException("Empty drift report.");

    internal static JsonSerializerOptions CreateOptions() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

/// <summary>Saves and loads a <see cref="DriftReference"/> as JSON so the model registry can store it per model version.</summary>
public static class DriftReferenceSerializer
{
    /// <summary>Version of the stored reference format.</summary>
    public const int FormatVersion = 1;

    /// <summary>Serializes a reference.</summary>
    public static string ToJson(DriftReference reference)
    {
        var dto = new ReferenceDto(FormatVersion, reference.RowCount, reference.Columns.Select(ToDto).ToList(),
            reference.Scores is null ? null : ToDto(reference.Scores));
        return JsonSerializer.Serialize(dto, DriftReportJson.Options);
    }

    /// <summary>Reads a reference written by <see cref="ToJson"/>.</summary>
    public static DriftReference FromJson(string json)
    {
        var dto = JsonSerializer.Deserialize<ReferenceDto>(json, DriftReportJson.Options) ?? throw new JsonException("Empty drift reference.");
        if (dto.FormatVersion != FormatVersion)
        {
            throw new JsonException($"Unsupported drift reference format {dto.FormatVersion} (expected {FormatVersion}).");
        }
        return new DriftReference(dto.Columns.Select(FromDto).ToList(), dto.RowCount, dto.Scores is null ? null : (NumericReferenceColumn)FromDto(dto.Scores));
    }

    private static ColumnDto ToDto(ReferenceColumn c) => c switch
    {
        NumericReferenceColumn n => new ColumnDto(n.Name, "numeric", n.RowCount, n.MissingCount, n.NannyMlThreshold, n.IsInteger,
            n.DistinctArray, n.Counts.ToArray(), null, n.DoaneEdges, n.DoaneShares),
        CategoricalReferenceColumn k => new ColumnDto(k.Name, "categorical", k.RowCount, k.MissingCount, k.NannyMlThreshold, false,
            null, k.Counts.ToArray(), k.Categories.ToArray(), null, null),
        _ => throw new NotSupportedException(c.GetType().Name),
    };

    private static ReferenceColumn FromDto(ColumnDto d) => d.Type switch
    {
        "numeric" => new NumericReferenceColumn(d.Name, d.RowCount, d.MissingCount, d.IsInteger, d.Distinct ?? [], d.Counts,
            d.DoaneEdges ?? [], d.DoaneShares ?? [], d.NannyMlThreshold),
        "categorical" => new CategoricalReferenceColumn(d.Name, d.RowCount, d.MissingCount, d.Categories ?? [], d.Counts, d.NannyMlThreshold),
        _ => throw new JsonException($"Unknown column type '{d.Type}' for column '{d.Name}'."),
    };

    private sealed record ReferenceDto(int FormatVersion, int RowCount, List<ColumnDto> Columns, ColumnDto? Scores);

    private sealed record ColumnDto(string Name, string Type, int RowCount, int MissingCount, double NannyMlThreshold, bool IsInteger,
        double[]? Distinct, int[] Counts, string[]? Categories, double[]? DoaneEdges, double[]? DoaneShares);
}
