namespace LeadScoring.Engine.Features;

/// <summary>What a model feature is made of; drift and validation treat each kind differently.</summary>
public enum FeatureKind
{
    /// <summary>Raw number, median-imputed (llm_quality, llm_engagement, llm_decision_maker, llm_company_fit, companyfoundedon).</summary>
    Numeric,

    /// <summary>Category replaced by its smoothed target mean, in [0, 1].</summary>
    TargetEncoded,

    /// <summary>0/1 flag computed from text (has_*, is_*).</summary>
    Flag,

    /// <summary>Non-negative whole number computed from text (lengths, skills count).</summary>
    Count,

    /// <summary>0/1 dummy of a low-cardinality category.</summary>
    OneHot,
}

/// <summary>One of the 47 model features.</summary>
/// <param name="Index">Position in the model input (0-based).</param>
/// <param name="Name">Name as in feature_columns.json.</param>
/// <param name="Kind">Feature family.</param>
/// <param name="RawColumn">The raw column it derives from.</param>
public sealed record FeatureDefinition(int Index, string Name, FeatureKind Kind, string RawColumn);

/// <summary>One level of a one-hot group: the feature holding the dummy and the raw value it stands for.</summary>
/// <param name="FeatureIndex">Index of the dummy among the 47 features.</param>
/// <param name="Value">Raw value that sets the dummy to 1 (exact, ordinal match).</param>
public sealed record OneHotLevel(int FeatureIndex, string Value);

/// <summary>
/// A one-hot group: the dummies of one raw categorical column. The baseline (alphabetically first training
/// category, dropped by get_dummies(drop_first=True)) has no column, so it, unseen values and (for groups
/// without an UNKNOWN level) missing values all give all-zero dummies.
/// </summary>
/// <param name="RawColumn">Raw column name, e.g. llm_seniority.</param>
/// <param name="Prefix">Feature-name prefix including the underscore, e.g. "llm_seniority_".</param>
/// <param name="Baseline">The dropped category, reported when every dummy is 0.</param>
/// <param name="Levels">The dummies in model order.</param>
public sealed record OneHotGroup(string RawColumn, string Prefix, string Baseline, IReadOnlyList<OneHotLevel> Levels)
{
    /// <summary>
    /// The category a row of dummies stands for: the level whose dummy is 1, else the baseline
    /// (all zeros also covers unseen values, which cannot be told apart from the baseline).
    /// </summary>
    public string Decode(ReadOnlySpan<double> features)
    {
        foreach (var level in Levels)
        {
            if (features[level.FeatureIndex] == 1.0)
            {
                return level.Value;
            }
        }
        return Baseline;
    }
}

/// <summary>
/// The 47 model features in model-input order (feature_columns.json of the original system; order matters)
/// and how they group back into raw columns.
/// </summary>
public static class FeatureSchema
{
    /// <summary>Number of model features.</summary>
    public const int Count = 47;

    /// <summary>The literal that stands for a missing category before encoding.</summary>
    public const string UnknownCategory = "UNKNOWN";

    /// <summary>The 47 feature names in model order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "llm_quality", "llm_engagement", "llm_decision_maker", "llm_industry", "llm_company_fit",
        "industry", "companyindustry", "languages", "location", "companylocation", "companyfoundedon",
        "has_summary", "has_skills", "has_jobtitle", "summary_length", "skills_count", "jobtitle_length",
        "is_founder", "is_director", "is_manager", "is_sales", "is_marketing", "is_tech_role",
        "llm_seniority_Executive", "llm_seniority_Mid", "llm_seniority_Senior",
        "llm_geography_other", "llm_geography_regional_hub",
        "llm_business_type_leaders", "llm_business_type_others", "llm_business_type_salespeople",
        "llm_business_type_workers",
        "companysize_11-50", "companysize_2-10", "companysize_201-500", "companysize_5001-10000",
        "companysize_501-1000", "companysize_51-200", "companysize_UNKNOWN",
        "companytype_Government Agency", "companytype_Nonprofit", "companytype_Partnership",
        "companytype_Privately Held", "companytype_Public Company", "companytype_Self-Employed",
        "companytype_Sole Proprietorship", "companytype_UNKNOWN",
    ];

    /// <summary>The raw numeric columns, median-imputed, each the feature of the same name.</summary>
    public static IReadOnlyList<string> NumericColumns { get; } =
        ["llm_quality", "llm_engagement", "llm_decision_maker", "llm_company_fit", "companyfoundedon"];

    /// <summary>The raw columns that are target-encoded, each into the feature of the same name.</summary>
    public static IReadOnlyList<string> TargetEncodedColumns { get; } =
        ["llm_industry", "industry", "companyindustry", "languages", "location", "companylocation"];

    /// <summary>One-hot groups in model order, with their dropped baselines.</summary>
    public static IReadOnlyList<OneHotGroup> OneHotGroups { get; } =
    [
        Group("llm_seniority", "Entry"),
        Group("llm_geography", "international_hub"),
        Group("llm_business_type", "experts"),
        Group("companysize", "1001-5000"),
        Group("companytype", "Educational Institution"),
    ];

    /// <summary>Every feature with its kind and raw source column, in model order.</summary>
    public static IReadOnlyList<FeatureDefinition> Features { get; } = BuildDefinitions();

    private static readonly Dictionary<string, int> s_indexByName =
        Names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);

    /// <summary>Index of a feature by exact name, or -1.</summary>
    public static int IndexOf(string name) => s_indexByName.TryGetValue(name, out var i) ? i : -1;

    private static OneHotGroup Group(string rawColumn, string baseline)
    {
        var prefix = rawColumn + "_";
        var levels = new List<OneHotLevel>();
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                levels.Add(new OneHotLevel(i, Names[i][prefix.Length..]));
            }
        }
        return new OneHotGroup(rawColumn, prefix, baseline, levels);
    }

    private static FeatureDefinition[] BuildDefinitions()
    {
        var result = new FeatureDefinition[Count];
        for (var i = 0; i < Count; i++)
        {
            var name = Names[i];
            var group = OneHotGroups.FirstOrDefault(g => g.Levels.Any(l => l.FeatureIndex == i));
            result[i] = name switch
            {
                _ when NumericColumns.Contains(name) => new(i, name, FeatureKind.Numeric, name),
                _ when TargetEncodedColumns.Contains(name) => new(i, name, FeatureKind.TargetEncoded, name),
                _ when group is not null => new(i, name, FeatureKind.OneHot, group.RawColumn),
                "has_summary" or "summary_length" => new(i, name, Kind(name), "summary"),
                "has_skills" or "skills_count" => new(i, name, Kind(name), "skills"),
                _ => new(i, name, Kind(name), "jobtitle"),
            };
        }
        return result;

        static FeatureKind Kind(string name) =>
            name.EndsWith("_length", StringComparison.Ordinal) || name == "skills_count" ? FeatureKind.Count : FeatureKind.Flag;
    }
}
