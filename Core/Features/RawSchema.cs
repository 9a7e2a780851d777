using LeadScoring.Core.Domain;

namespace LeadScoring.Core.Features;

/// <summary>How a raw column is typed and validated.</summary>
public enum RawColumnKind
{
    /// <summary>Whole number (a float text such as "80.0" is accepted if integral).</summary>
    Integer,

    /// <summary>Floating-point number.</summary>
    Float,

    /// <summary>Categorical string, matched exactly.</summary>
    Category,

    /// <summary>Free text feeding the text features.</summary>
    Text,
}

/// <summary>
/// One column of the raw enriched schema with the original API's bounds (null bound = unbounded).
/// </summary>
/// <param name="Name">Column / JSON field name.</param>
/// <param name="Kind">Type of the column.</param>
/// <param name="Minimum">Inclusive lower bound for numbers.</param>
/// <param name="Maximum">Inclusive upper bound for numbers.</param>
/// <param name="MaxCodePoints">Maximum text length in Unicode code points.</param>
public sealed record RawColumn(string Name, RawColumnKind Kind, double? Minimum = null, double? Maximum = null,
    int? MaxCodePoints = null);

/// <summary>The raw enriched schema: the 19 input columns in file order, and the optional label column.</summary>
public static class RawSchema
{
    /// <summary>Name of the optional label column (0/1).</summary>
    public const string LabelColumn = "engaged";

    /// <summary>The 19 input columns in the order of linkedin_leads_clean.csv.</summary>
    public static IReadOnlyList<RawColumn> Columns { get; } =
    [
        new("llm_quality", RawColumnKind.Integer, 0, 100),
        new("llm_seniority", RawColumnKind.Category),
        new("llm_engagement", RawColumnKind.Float, 0, 1),
        new("llm_decision_maker", RawColumnKind.Float, 0, 1),
        new("llm_industry", RawColumnKind.Category),
        new("llm_geography", RawColumnKind.Category),
        new("llm_business_type", RawColumnKind.Category),
        new("llm_company_fit", RawColumnKind.Integer, 0, 2),
        new("industry", RawColumnKind.Category),
        new("companyindustry", RawColumnKind.Category),
        new("companysize", RawColumnKind.Category),
        new("companytype", RawColumnKind.Category),
        new("languages", RawColumnKind.Category),
        new("location", RawColumnKind.Category),
        new("companylocation", RawColumnKind.Category),
        new("companyfoundedon", RawColumnKind.Float),
        new("summary", RawColumnKind.Text, MaxCodePoints: 10_000),
        new("skills", RawColumnKind.Text, MaxCodePoints: 5_000),
        new("jobtitle", RawColumnKind.Text, MaxCodePoints: 500),
    ];

    /// <summary>Index of a raw input column by name (ordinal), or -1.</summary>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The value of a string column (category or text) of a lead, by column name.</summary>
    public static string? GetString(RawLead lead, string column) => column switch
    {
        "llm_seniority" => lead.LlmSeniority,
        "llm_industry" => lead.LlmIndustry,
        "llm_geography" => lead.LlmGeography,
        "llm_business_type" => lead.LlmBusinessType,
        "industry" => lead.Industry,
        "companyindustry" => lead.CompanyIndustry,
        "companysize" => lead.CompanySize,
        "companytype" => lead.CompanyType,
        "languages" => lead.Languages,
        "location" => lead.Location,
        "companylocation" => lead.CompanyLocation,
        "summary" => lead.Summary,
        "skills" => lead.Skills,
        "jobtitle" => lead.JobTitle,
        _ => throw new ArgumentException($"'{column}' is not a string column of the raw schema.", nameof(column)),
    };

    /// <summary>The value of a numeric column of a lead as a double, by column name.</summary>
    public static double? GetNumber(RawLead lead, string column) => column switch
    {
        "llm_quality" => lead.LlmQuality,
        "llm_engagement" => lead.LlmEngagement,
        "llm_decision_maker" => lead.LlmDecisionMaker,
        "llm_company_fit" => lead.LlmCompanyFit,
        "companyfoundedon" => lead.CompanyFoundedOn,
        _ => throw new ArgumentException($"'{column}' is not a numeric column of the raw schema.", nameof(column)),
    };
}
