namespace LeadScoring.Dashboard.Services;

/// <summary>Demo data settings (section "DemoData").</summary>
public sealed class DemoDataOptions
{
    public const string SectionName = "DemoData";

    /// <summary>Folder with reference_leads.csv and scenarios/; empty = the repository's data/ found above the content root.</summary>
    public string? Directory { get; set; }

    /// <summary>On a fresh store, also upload the five drift-study scenarios as demo batches.</summary>
    public bool SeedBatches { get; set; } = true;

    /// <summary>Also seed eight weeks of scored leads with late outcomes (normal, concept-drift and input-drift weeks) for the Performance page.</summary>
    public bool SeedOutcomes { get; set; } = true;
}

/// <summary>Finds the demo data generated into the repository's data/ folder.</summary>
public static class DemoDataLocator
{
    public const string ReferenceFile = "reference_leads.csv";

    /// <summary>The five scenarios of the original drift study, in the order they are seeded.</summary>
    public static readonly IReadOnlyList<string> Scenarios =
        ["no_drift_baseline", "drift_sector_shift", "drift_seniority_shift", "drift_geography_shift", "drift_quality_degradation"];

    public static string? Find(DemoDataOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.Directory))
        {
            var configured = Path.GetFullPath(options.Directory, contentRoot);
            return File.Exists(Path.Combine(configured, ReferenceFile)) ? configured : null;
        }
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data");
            if (File.Exists(Path.Combine(candidate, ReferenceFile)))
            {
                return candidate;
            }
        }
        return null;
    }

    public static IReadOnlyList<string> ScenarioFiles(string demoDirectory) =>
        [.. Scenarios.Select(s => Path.Combine(demoDirectory, "scenarios", s + ".csv")).Where(File.Exists)];
}
