using System.Text.Json.Serialization;

namespace LeadScoring.Core.Domain;

/// <summary>
/// One lead in the raw enriched schema of the original system (19 optional input fields, plus the optional
/// <c>engaged</c> label). Null means missing; strings are kept exactly as received (no trimming), because the
/// feature pipeline matches categories by ordinal equality. JSON names are the original API's field names.
/// </summary>
public sealed record RawLead
{
    /// <summary>LLM lead quality, whole number 0..100.</summary>
    [JsonPropertyName("llm_quality"), JsonConverter(typeof(WholeNumberJsonConverter))] public int? LlmQuality { get; init; }

    /// <summary>Entry, Mid, Senior, Executive (C-Level is advertised but unseen in training).</summary>
    [JsonPropertyName("llm_seniority")] public string? LlmSeniority { get; init; }

    /// <summary>LLM engagement likelihood in [0, 1].</summary>
    [JsonPropertyName("llm_engagement")] public double? LlmEngagement { get; init; }

    /// <summary>LLM decision-maker likelihood in [0, 1].</summary>
    [JsonPropertyName("llm_decision_maker")] public double? LlmDecisionMaker { get; init; }

    /// <summary>Free-text industry chosen by the LLM (target-encoded).</summary>
    [JsonPropertyName("llm_industry")] public string? LlmIndustry { get; init; }

    /// <summary>international_hub, regional_hub or other.</summary>
    [JsonPropertyName("llm_geography")] public string? LlmGeography { get; init; }

    /// <summary>experts, leaders, others, salespeople, workers.</summary>
    [JsonPropertyName("llm_business_type")] public string? LlmBusinessType { get; init; }

    /// <summary>Company fit 0 (unknown/low), 1 (medium), 2 (clear match).</summary>
    [JsonPropertyName("llm_company_fit"), JsonConverter(typeof(WholeNumberJsonConverter))] public int? LlmCompanyFit { get; init; }

    /// <summary>LinkedIn industry of the person (target-encoded).</summary>
    [JsonPropertyName("industry")] public string? Industry { get; init; }

    /// <summary>LinkedIn industry of the company (target-encoded).</summary>
    [JsonPropertyName("companyindustry")] public string? CompanyIndustry { get; init; }

    /// <summary>Head-count band such as "11-50" (one-hot).</summary>
    [JsonPropertyName("companysize")] public string? CompanySize { get; init; }

    /// <summary>Company type such as "Privately Held" (one-hot).</summary>
    [JsonPropertyName("companytype")] public string? CompanyType { get; init; }

    /// <summary>Comma-separated languages (target-encoded as one category).</summary>
    [JsonPropertyName("languages")] public string? Languages { get; init; }

    /// <summary>Person location (target-encoded).</summary>
    [JsonPropertyName("location")] public string? Location { get; init; }

    /// <summary>Company location, "City, CC" (target-encoded).</summary>
    [JsonPropertyName("companylocation")] public string? CompanyLocation { get; init; }

    /// <summary>Foundation year as a float; no range check (the original had none).</summary>
    [JsonPropertyName("companyfoundedon")] public double? CompanyFoundedOn { get; init; }

    /// <summary>Profile summary; at most 10,000 code points at the API.</summary>
    [JsonPropertyName("summary")] public string? Summary { get; init; }

    /// <summary>Comma-separated skills; at most 5,000 code points at the API.</summary>
    [JsonPropertyName("skills")] public string? Skills { get; init; }

    /// <summary>Job title; at most 500 code points at the API.</summary>
    [JsonPropertyName("jobtitle")] public string? JobTitle { get; init; }

    /// <summary>Label: 1 engaged, 0 not engaged, null unknown. Not a model input.</summary>
    [JsonPropertyName("engaged")] public int? Engaged { get; init; }
}
