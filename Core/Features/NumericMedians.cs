using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadScoring.Core.Features;

/// <summary>
/// Medians that replace missing (null or NaN) raw numerics. JSON names follow numeric_medians.json of the
/// original system, so that file loads as is.
/// </summary>
public sealed record NumericMedians(
    [property: JsonPropertyName("llm_quality")] double LlmQuality,
    [property: JsonPropertyName("llm_engagement")] double LlmEngagement,
    [property: JsonPropertyName("llm_decision_maker")] double LlmDecisionMaker,
    [property: JsonPropertyName("llm_company_fit")] double LlmCompanyFit,
    [property: JsonPropertyName("companyfoundedon")] double CompanyFoundedOn)
{
    /// <summary>The original system's training medians (spec §2.4): 70, 0.55, 0.5, 1, 2016.5.</summary>
    public static NumericMedians OriginalDefaults { get; } = new(70.0, 0.55, 0.5, 1.0, 2016.5);

    /// <summary>The median for one of <see cref="FeatureSchema.NumericColumns"/>.</summary>
    public double this[string column] => column switch
    {
        "llm_quality" => LlmQuality,
        "llm_engagement" => LlmEngagement,
        "llm_decision_maker" => LlmDecisionMaker,
        "llm_company_fit" => LlmCompanyFit,
        "companyfoundedon" => CompanyFoundedOn,
        _ => throw new ArgumentException($"'{column}' is not a numeric column.", nameof(column)),
    };

    /// <summary>Reads a numeric_medians.json file; every one of the five columns must be present.</summary>
    public static NumericMedians Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        double Get(string name) => document.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble()
            : throw new InvalidDataException($"{path}: numeric median '{name}' is missing or not a number.");
        return new NumericMedians(Get("llm_quality"), Get("llm_engagement"), Get("llm_decision_maker"),
            Get("llm_company_fit"), Get("companyfoundedon"));
    }
}
