using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;

namespace LeadScoring.Engine.DemoData;

/// <summary>
/// The hidden truth behind the synthetic labels: a logistic model whose category effects are the log-odds
/// of the real engagement rates per category (spec §1.2) against the 40 % base rate, damped because the real
/// effects overlap, plus a few weak numeric and text effects. Scenarios keep this model, so a shifted input
/// mix moves the engagement rate the way it would in reality.
/// </summary>
public static class EngagementModel
{
    // Overall strength of the signal and the intercept that keeps the reference rate near 40 %.
    private const double Scale = 1.15;
    private const double Intercept = -0.62;

    private static readonly Dictionary<string, double> s_effects = new(StringComparer.Ordinal)
    {
        // llm_seniority: Entry .455, Mid .347, Senior .391, Executive .286
        ["llm_seniority=Entry"] = 0.22, ["llm_seniority=Mid"] = -0.23, ["llm_seniority=Senior"] = -0.04,
        ["llm_seniority=Executive"] = -0.51, ["llm_seniority=C-Level"] = -0.6,
        // llm_geography: international_hub .351, other .461, regional_hub .600
        ["llm_geography=international_hub"] = -0.21, ["llm_geography=other"] = 0.25, ["llm_geography=regional_hub"] = 0.81,
        // llm_business_type: experts .520, leaders .288, others .412, salespeople .267, workers .471
        ["llm_business_type=experts"] = 0.49, ["llm_business_type=leaders"] = -0.50, ["llm_business_type=others"] = 0.05,
        ["llm_business_type=salespeople"] = -0.60, ["llm_business_type=workers"] = 0.29,
        // companysize: UNKNOWN .496, 2-10 .415, 11-50 .194
        ["companysize=UNKNOWN"] = 0.2, ["companysize=2-10"] = 0.06, ["companysize=11-50"] = -1.02,
        // companytype: UNKNOWN .515, Privately Held .312
        ["companytype=UNKNOWN"] = 0.25, ["companytype=Privately Held"] = -0.38,
        // llm_company_fit: 0 .468, 1 .304, 2 .403
        ["llm_company_fit=0"] = 0.28, ["llm_company_fit=1"] = -0.42, ["llm_company_fit=2"] = 0.01,
        // Target-encoded columns: the real encodings' directions (spec §2.5).
        ["llm_industry=Unknown"] = 0.4, ["llm_industry=Software Development"] = -0.6,
        ["llm_industry=Financial Services"] = -0.3, ["llm_industry=Health Care"] = 0.3,
        ["industry=Computer Software"] = 0.6, ["industry=Information Technology & Services"] = -0.3,
        ["industry=Management Consulting"] = 0.4, ["industry=Banking"] = -0.4,
        ["location=Paris, Île-de-France, France"] = -0.3, ["location=France"] = 0.25,
        ["companylocation=Paris, FR"] = -0.45, ["companylocation=UNKNOWN"] = 0.15,
        ["languages=UNKNOWN"] = 0.1,
    };

    /// <summary>The log-odds of engagement of a lead.</summary>
    public static double Logit(RawLead lead)
    {
        var sum = Effect("llm_seniority", lead.LlmSeniority) + Effect("llm_geography", lead.LlmGeography)
            + Effect("llm_business_type", lead.LlmBusinessType) + Effect("companysize", lead.CompanySize)
            + Effect("companytype", lead.CompanyType) + Effect("llm_industry", lead.LlmIndustry)
            + Effect("industry", lead.Industry) + Effect("location", lead.Location)
            + Effect("companylocation", lead.CompanyLocation) + Effect("languages", lead.Languages)
            + Effect("llm_company_fit", lead.LlmCompanyFit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        sum += 0.02 * ((lead.LlmQuality ?? 70) - 62);
        sum += 1.2 * ((lead.LlmEngagement ?? 0.55) - 0.55);
        sum += lead.Summary is null ? -0.2 : Math.Min(TextFeatures.CodePointLength(lead.Summary), 2000) / 2000.0;
        sum += TextFeatures.IsTechRole(lead.JobTitle) ? 0.35 : 0;
        sum += TextFeatures.IsSales(lead.JobTitle) ? -0.4 : 0;
        return Intercept + (Scale * sum);
    }

    /// <summary>P(engaged) of a lead.</summary>
    public static double Probability(RawLead lead) => 1.0 / (1.0 + Math.Exp(-Logit(lead)));

    private static double Effect(string column, string? value) =>
        s_effects.GetValueOrDefault(column + "=" + (value ?? FeatureSchema.UnknownCategory));
}
