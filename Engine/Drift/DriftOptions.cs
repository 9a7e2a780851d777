namespace LeadScoring.Engine.Drift;

/// <summary>Which tool's drift semantics a run follows. Results record it; profiles are never mixed.</summary>
public enum DriftProfile
{
    /// <summary>Evidently 0.7 defaults: test chosen per column by reference size, type and distinct values.</summary>
    Evidently,

    /// <summary>NannyML-style: Jensen–Shannon (base 2) with thresholds learned on 10 reference chunks (mean + 3σ).</summary>
    NannyMl,
}

/// <summary>The profiles' names as URLs, the API and the command line write them.</summary>
public static class DriftProfiles
{
    /// <summary>"evidently" or "nannyml".</summary>
    public static string Token(DriftProfile profile) => profile == DriftProfile.NannyMl ? "nannyml" : "evidently";

    /// <summary>"evidently" or "nannyml" (any case); null otherwise.</summary>
    public static DriftProfile? Parse(string? value) => value?.ToLowerInvariant() switch
    {
        "evidently" => DriftProfile.Evidently,
        "nannyml" => DriftProfile.NannyMl,
        _ => null,
    };
}

/// <summary>Statistical test or distance applied to a column.</summary>
public enum DriftTest
{
    /// <summary>Two-sample Kolmogorov–Smirnov p-value (numerical only).</summary>
    KolmogorovSmirnov,

    /// <summary>Chi-square goodness of fit p-value.</summary>
    ChiSquare,

    /// <summary>Two-proportion Z-test p-value.</summary>
    ZTest,

    /// <summary>Jensen–Shannon distance.</summary>
    JensenShannon,

    /// <summary>Wasserstein distance normed by the reference standard deviation (numerical only).</summary>
    Wasserstein,

    /// <summary>Population stability index.</summary>
    Psi,
}

/// <summary>How a column's values are treated.</summary>
public enum DriftColumnKind
{
    /// <summary>Ordered numeric values.</summary>
    Numerical,

    /// <summary>Unordered categories.</summary>
    Categorical,
}

/// <summary>How the score is compared with the threshold to call drift.</summary>
public enum ComparisonOperator
{
    /// <summary>score &lt; threshold (chi-square, Z-test p-values).</summary>
    LessThan,

    /// <summary>score ≤ threshold (Evidently's KS p-value).</summary>
    LessThanOrEqual,

    /// <summary>score ≥ threshold (Evidently's distances).</summary>
    GreaterThanOrEqual,

    /// <summary>score &gt; threshold (NannyML's upper alert line).</summary>
    GreaterThan,
}

/// <summary>Overall drift alert level.</summary>
public enum DriftAlertLevel
{
    /// <summary>Monitor: drift share below the yellow threshold.</summary>
    Green,

    /// <summary>Investigate.</summary>
    Yellow,

    /// <summary>Alert.</summary>
    Red,
}

/// <summary>Per-column settings that replace the profile's defaults.</summary>
public sealed class ColumnDriftOverride
{
    /// <summary>Test to run instead of the default one.</summary>
    public DriftTest? Test { get; set; }

    /// <summary>Threshold instead of the test's default.</summary>
    public double? Threshold { get; set; }

    /// <summary>Column kind instead of the inferred one (numeric columns only can become categorical).</summary>
    public DriftColumnKind? Kind { get; set; }
}

/// <summary>Options of a drift run. Defaults reproduce Evidently's <c>DataDriftPreset</c> and the original system's levels.</summary>
public sealed class DriftOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Drift";

    /// <summary>Profile (default Evidently).</summary>
    public DriftProfile Profile { get; set; } = DriftProfile.Evidently;

    /// <summary>Per-column overrides keyed by column name (Evidently profile only).</summary>
    public Dictionary<string, ColumnDriftOverride> Columns { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Adjust p-values with Benjamini–Hochberg before comparing them (raw and adjusted are both reported).</summary>
    public bool BenjaminiHochberg { get; set; }

    /// <summary>Drift share at or above which the alert is yellow (default 0.2).</summary>
    public double YellowShare { get; set; } = 0.2;

    /// <summary>Drift share at or above which the alert is red (default 0.5).</summary>
    public double RedShare { get; set; } = 0.5;

    /// <summary>Evidently's dataset-drift share (default 0.5): the dataset is drifted when share ≥ this.</summary>
    public double DatasetDriftShare { get; set; } = 0.5;

    /// <summary>Relative tolerance of the missing-share check against the reference (Evidently default 10 %).</summary>
    public double MissingShareTolerance { get; set; } = 0.1;

    /// <summary>Number of categories listed as unseen in a result (the count covers all of them).</summary>
    public int MaxListedUnseen { get; set; } = 20;

    /// <summary>Target number of plot bins for numerical histograms.</summary>
    public int PlotBins { get; set; } = 20;

    /// <summary>Maximum threads over columns (0 = processor count).</summary>
    public int MaxDegreeOfParallelism { get; set; }

    /// <summary>Returns every configuration error, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(YellowShare > 0 && YellowShare <= RedShare && RedShare <= 1))
        {
            errors.Add($"{SectionName}:YellowShare and {SectionName}:RedShare must satisfy 0 < yellow ≤ red ≤ 1.");
        }
        if (!(DatasetDriftShare > 0 && DatasetDriftShare <= 1))
        {
            errors.Add($"{SectionName}:DatasetDriftShare must be in (0, 1].");
        }
        if (MissingShareTolerance < 0)
        {
            errors.Add($"{SectionName}:MissingShareTolerance must be ≥ 0.");
        }
        foreach (var (name, o) in Columns)
        {
            if (o.Threshold is double t && !(double.IsFinite(t) && t >= 0))
            {
                errors.Add($"{SectionName}:Columns:{name}:Threshold must be a finite number ≥ 0.");
            }
        }
        return errors;
    }
}
