using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Ingestion;

namespace LeadScoring.Engine.DemoData;

/// <summary>
/// A large raw upload built from the five demo scenario files, cycled in order (1,000 leads each, with their labels):
/// the file the upload benchmark and browser tests send (100,000 leads ≈ 54 MB — real summaries are long).
/// </summary>
public static class LargeUpload
{
    /// <summary>The scenario files, in the order their leads are cycled.</summary>
    public static IReadOnlyList<string> ScenarioFiles { get; } =
        ["no_drift_baseline", "drift_sector_shift", "drift_seniority_shift", "drift_geography_shift", "drift_quality_degradation"];

    /// <summary>Writes <paramref name="rows"/> raw leads to <paramref name="target"/> (UTF-8, header first).</summary>
    public static void Write(string dataDirectory, int rows, string target)
    {
        var leads = ScenarioFiles
            .SelectMany(name =>
            {
                var parse = LeadCsvReader.ReadFile(Path.Combine(dataDirectory, "scenarios", name + ".csv"));
                return parse.Succeeded ? parse.RawRows : throw new InvalidDataException($"{name}.csv is not a valid raw lead file.");
            })
            .ToArray();
        using var writer = new StreamWriter(target, append: false, new System.Text.UTF8Encoding(false), 1 << 20);
        LeadCsvWriter.WriteRaw(writer, Cycle(leads, rows), includeLabel: true);
    }

    private static IEnumerable<RawLead> Cycle(RawLead[] leads, int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            yield return leads[i % leads.Length];
        }
    }
}
