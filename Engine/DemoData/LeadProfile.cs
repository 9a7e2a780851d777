namespace LeadScoring.Engine.DemoData;

/// <summary>
/// The distributions a synthetic lead is drawn from. <see cref="Reference"/> follows the real data;
/// each drift scenario is the reference with a few members replaced.
/// </summary>
public sealed record LeadProfile
{
    /// <summary>The real data's marginals (spec §1.2).</summary>
    public static LeadProfile Reference { get; } = new();

    internal Weighted Seniority { get; init; } = DemoCatalog.Seniority;
    internal Weighted Geography { get; init; } = DemoCatalog.Geography;
    internal Weighted BusinessType { get; init; } = DemoCatalog.BusinessType;
    internal Weighted CompanyFit { get; init; } = DemoCatalog.CompanyFit;
    internal Weighted LlmIndustry { get; init; } = DemoCatalog.LlmIndustry;
    internal Weighted Industry { get; init; } = DemoCatalog.Industry;
    internal Weighted CompanyIndustry { get; init; } = DemoCatalog.CompanyIndustry;
    internal Weighted CompanySize { get; init; } = DemoCatalog.CompanySize;
    internal Weighted CompanyType { get; init; } = DemoCatalog.CompanyType;
    internal Weighted Location { get; init; } = DemoCatalog.Location;
    internal Weighted CompanyLocation { get; init; } = DemoCatalog.CompanyLocation;

    /// <summary>Added to the llm_quality draw (points).</summary>
    public double QualityShift { get; init; }

    /// <summary>Added to the llm_engagement draw.</summary>
    public double EngagementShift { get; init; }

    /// <summary>Added to the llm_decision_maker draw.</summary>
    public double DecisionMakerShift { get; init; }

    /// <summary>Share of leads without any company data (real: 33 %).</summary>
    public double CompanyMissing { get; init; } = 0.333;

    /// <summary>Extra share without companysize among leads with company data (real total 43.9 %).</summary>
    public double CompanySizeExtraMissing { get; init; } = 0.16;

    /// <summary>Extra share without companylocation among leads with company data (real total 39.9 %).</summary>
    public double CompanyLocationExtraMissing { get; init; } = 0.10;

    /// <summary>Missing languages (real 31.4 %).</summary>
    public double LanguagesMissing { get; init; } = 0.314;

    /// <summary>Missing companyfoundedon (real 55.1 %).</summary>
    public double FoundedMissing { get; init; } = 0.551;

    /// <summary>Missing summary (real 27.1 %).</summary>
    public double SummaryMissing { get; init; } = 0.271;

    /// <summary>Missing skills (real 6.3 %).</summary>
    public double SkillsMissing { get; init; } = 0.063;

    /// <summary>Missing jobtitle (real 12.5 %).</summary>
    public double JobTitleMissing { get; init; } = 0.125;
}

/// <summary>The five scenarios of the original drift study.</summary>
public enum DemoScenario
{
    /// <summary>Same distributions as the reference, fresh draw.</summary>
    NoDriftBaseline,

    /// <summary>Industries move to finance, health, industry and retail, partly unseen.</summary>
    DriftSectorShift,

    /// <summary>Many more senior and executive leads, and an unseen "C-Level".</summary>
    DriftSeniorityShift,

    /// <summary>Leads move out of the Paris hub to regional and other locations.</summary>
    DriftGeographyShift,

    /// <summary>LLM scores drop and far more fields are missing.</summary>
    DriftQualityDegradation,
}

/// <summary>File names and profiles of the scenarios.</summary>
public static class DemoScenarios
{
    /// <summary>All scenarios in the order of the original study.</summary>
    public static IReadOnlyList<DemoScenario> All { get; } = Enum.GetValues<DemoScenario>();

    /// <summary>File stem, e.g. "drift_sector_shift".</summary>
    public static string FileName(DemoScenario scenario) => scenario switch
    {
        DemoScenario.NoDriftBaseline => "no_drift_baseline",
        DemoScenario.DriftSectorShift => "drift_sector_shift",
        DemoScenario.DriftSeniorityShift => "drift_seniority_shift",
        DemoScenario.DriftGeographyShift => "drift_geography_shift",
        DemoScenario.DriftQualityDegradation => "drift_quality_degradation",
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };

    /// <summary>The distributions of a scenario.</summary>
    public static LeadProfile Profile(DemoScenario scenario) => scenario switch
    {
        DemoScenario.NoDriftBaseline => LeadProfile.Reference,
        DemoScenario.DriftSectorShift => LeadProfile.Reference with
        {
            LlmIndustry = new(("Financial Services", 30), ("Banking", 20), ("Health Care", 15), ("Insurance", 12),
                ("Manufacturing", 10), ("Retail", 8), ("Unknown", 10), ("Software Development", 5)),
            Industry = new(("Banking", 30), ("Financial Services", 25), ("Hospital & Health Care", 15), ("Insurance", 12),
                ("Retail", 8), ("Automotive", 6), ("Computer Software", 4), (null, 3)),
            CompanyIndustry = new(("Banking", 30), ("Financial Services", 25), ("Hospitals and Health Care", 15),
                ("Insurance", 12), ("Retail", 8), ("Motor Vehicle Manufacturing", 6), ("Software Development", 4)),
        },
        DemoScenario.DriftSeniorityShift => LeadProfile.Reference with
        {
            Seniority = new(("Entry", 10), ("Mid", 25), ("Senior", 35), ("Executive", 20), ("C-Level", 10)),
            BusinessType = new(("leaders", 45), ("others", 25), ("experts", 15), ("salespeople", 10), ("workers", 5)),
        },
        DemoScenario.DriftGeographyShift => LeadProfile.Reference with
        {
            Geography = new(("other", 50), ("regional_hub", 35), ("international_hub", 15)),
            Location = new(("Lyon, Auvergne-Rhône-Alpes, France", 20), ("Bordeaux, Nouvelle-Aquitaine, France", 15),
                ("Lille, Hauts-de-France, France", 12), ("Nantes, Pays de la Loire, France", 12),
                ("Toulouse, Occitanie, France", 12), ("Casablanca, Casablanca-Settat, Morocco", 10),
                ("Montreal, Quebec, Canada", 9), ("Paris, Île-de-France, France", 10)),
            CompanyLocation = new(("Lyon, FR", 20), ("Bordeaux, FR", 15), ("Lille, FR", 12), ("Nantes, FR", 12),
                ("Toulouse, FR", 12), ("Casablanca, MA", 10), ("Montreal, CA", 9), ("Paris, FR", 10)),
        },
        DemoScenario.DriftQualityDegradation => LeadProfile.Reference with
        {
            QualityShift = -25,
            EngagementShift = -0.2,
            DecisionMakerShift = -0.2,
            CompanyMissing = 0.6,
            LanguagesMissing = 0.6,
            FoundedMissing = 0.8,
            SummaryMissing = 0.6,
            SkillsMissing = 0.3,
            JobTitleMissing = 0.4,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };
}
