namespace LeadScoring.Core.Scoring;

/// <summary>
/// The 47 model features in model-input order (shared/data/feature_columns.json): the fallback when a model
/// carries no feature_columns metadata.
/// </summary>
public static class ModelFeatureColumns
{
    /// <summary>The 47 feature names in input order.</summary>
    public static IReadOnlyList<string> Default { get; } =
    [
        "llm_quality", "llm_engagement", "llm_decision_maker", "llm_industry", "llm_company_fit", "industry",
        "companyindustry", "languages", "location", "companylocation", "companyfoundedon", "has_summary",
        "has_skills", "has_jobtitle", "summary_length", "skills_count", "jobtitle_length", "is_founder",
        "is_director", "is_manager", "is_sales", "is_marketing", "is_tech_role", "llm_seniority_Executive",
        "llm_seniority_Mid", "llm_seniority_Senior", "llm_geography_other", "llm_geography_regional_hub",
        "llm_business_type_leaders", "llm_business_type_others", "llm_business_type_salespeople",
        "llm_business_type_workers", "companysize_11-50", "companysize_2-10", "companysize_201-500",
        "companysize_5001-10000", "companysize_501-1000", "companysize_51-200", "companysize_UNKNOWN",
        "companytype_Government Agency", "companytype_Nonprofit", "companytype_Partnership",
        "companytype_Privately Held", "companytype_Public Company", "companytype_Self-Employed",
        "companytype_Sole Proprietorship", "companytype_UNKNOWN",
    ];
}
