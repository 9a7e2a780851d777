using System.Text;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;

namespace LeadScoring.Engine.DemoData;

/// <summary>Sizes and seed of the demo data set.</summary>
public sealed record DemoDataOptions
{
    /// <summary>Seed of the whole data set; the committed files use the default.</summary>
    public ulong Seed { get; init; } = 20260301;

    /// <summary>Rows of the labelled reference set.</summary>
    public int ReferenceRows { get; init; } = 5_000;

    /// <summary>Rows of each drift scenario.</summary>
    public int ScenarioRows { get; init; } = 1_000;
}

/// <summary>
/// Deterministic synthetic demo data: a labelled reference set of raw leads following the real data's
/// marginals, the five drift scenarios of the original study, their 47-feature forms and the pipeline state
/// fitted on the reference. The same options always give byte-identical files.
/// </summary>
public static class DemoDataGenerator
{
    /// <summary>File name of the raw reference set.</summary>
    public const string ReferenceFile = "reference_leads.csv";

    /// <summary>File name of the processed reference set.</summary>
    public const string ReferenceProcessedFile = "reference_leads.processed.csv";

    /// <summary>File name of the pipeline state fitted on the reference set.</summary>
    public const string StateFile = "reference_pipeline_state.json";

    /// <summary>Sub-folder of the scenario files.</summary>
    public const string ScenarioFolder = "scenarios";

    /// <summary>The labelled reference leads.</summary>
    public static IReadOnlyList<RawLead> GenerateReference(DemoDataOptions? options = null)
    {
        options ??= new DemoDataOptions();
        return Generate(new DemoRandom(options.Seed), LeadProfile.Reference, options.ReferenceRows);
    }

    /// <summary>The labelled leads of one drift scenario.</summary>
    public static IReadOnlyList<RawLead> GenerateScenario(DemoScenario scenario, DemoDataOptions? options = null)
    {
        options ??= new DemoDataOptions();
        var seed = options.Seed + (1_000UL * (ulong)((int)scenario + 1));
        return Generate(new DemoRandom(seed), DemoScenarios.Profile(scenario), options.ScenarioRows);
    }

    /// <summary>
    /// Writes every demo file into <paramref name="outputDirectory"/> (created if needed) and returns the
    /// relative paths written.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(string outputDirectory, DemoDataOptions? options = null)
    {
        options ??= new DemoDataOptions();
        Directory.CreateDirectory(Path.Combine(outputDirectory, ScenarioFolder));
        var written = new List<string>();

        var reference = GenerateReference(options);
        var state = new FeaturePipeline().Fit(reference);
        WriteText(outputDirectory, StateFile, state.ToJson().ReplaceLineEndings("\n") + "\n", written);
        WriteBoth(outputDirectory, ReferenceFile, ReferenceProcessedFile, reference, state, written);

        foreach (var scenario in DemoScenarios.All)
        {
            var name = Path.Combine(ScenarioFolder, DemoScenarios.FileName(scenario));
            WriteBoth(outputDirectory, name + ".csv", name + ".processed.csv", GenerateScenario(scenario, options), state, written);
        }
        return written;
    }

    private static RawLead[] Generate(DemoRandom random, LeadProfile profile, int rows)
    {
        var leads = new RawLead[rows];
        for (var i = 0; i < rows; i++)
        {
            // One sub-stream per lead: a change in how one field is drawn does not reshuffle later leads.
            leads[i] = LeadSampler.Sample(random.Fork(), profile);
        }
        return leads;
    }

    private static void WriteBoth(string directory, string rawName, string processedName, IReadOnlyList<RawLead> leads,
        FeaturePipelineState state, List<string> written)
    {
        var raw = new StringWriter();
        LeadCsvWriter.WriteRaw(raw, leads, includeLabel: true);
        WriteText(directory, rawName, raw.ToString(), written);

        var processed = new StringWriter();
        LeadCsvWriter.WriteProcessed(processed, state.TransformBatch(leads), leads.Select(l => l.Engaged).ToArray());
        WriteText(directory, processedName, processed.ToString(), written);
    }

    private static void WriteText(string directory, string name, string content, List<string> written)
    {
        File.WriteAllText(Path.Combine(directory, name), content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        written.Add(name.Replace('\\', '/'));
    }
}
