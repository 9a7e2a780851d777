using System.Globalization;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Training;
using LeadScoring.Engine.Explanations;

using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Explanations.Infrastructure;

/// <summary>The repository's data/ folder, the read-only shared reference data, and models built from them.</summary>
public static class TestData
{
    private static readonly Lazy<TrainedModel> s_trained = new(TrainOnReference);

    /// <summary>The folder holding LeadScoring.Dashboard.sln.</summary>
    public static string RepositoryRoot => TestPaths.RepositoryRoot;

    /// <summary>A file under ../shared (see <see cref="TestPaths"/>: required in CI, tests skip elsewhere without it).</summary>
    public static string Shared(params string[] parts) => TestPaths.Shared(parts);

    public static string Data(params string[] parts) => Path.Combine([RepositoryRoot, "data", .. parts]);

    public static byte[] OriginalModel() => File.ReadAllBytes(Shared("data", "original", "model.onnx"));

    /// <summary>pipeline_output.csv: the 303 real leads and the original's score.</summary>
    public static ProcessedFeatureTable PipelineOutput() => OriginalFixtures.PipelineOutput();

    /// <summary>pipeline_output_partial.csv: the 31 crafted edge-case leads.</summary>
    public static ProcessedFeatureTable PartialOutput() => OriginalFixtures.PartialOutput();

    /// <summary>data/reference_leads.processed.csv: 5,000 demo leads with their engaged label.</summary>
    public static ProcessedFeatureTable Reference() =>
        ProcessedFeatureCsv.ReadFile(Data("reference_leads.processed.csv"), FeatureSchema.Names, ["engaged"]);

    public static readonly string[] Scenarios =
    [
        "no_drift_baseline", "drift_sector_shift", "drift_seniority_shift", "drift_geography_shift",
        "drift_quality_degradation",
    ];

    public static ProcessedFeatureTable Scenario(string name) =>
        ProcessedFeatureCsv.ReadFile(Data("scenarios", name + ".processed.csv"), FeatureSchema.Names);


    /// <summary>
    /// The app's model: LeadModelTrainer with the options it uses for 5,000 rows (100 trees, 8 leaves) on the reference
    /// leads, exported to ONNX. ThresholdFolds 0 only skips the inner folds that choose the decision threshold; the
    /// trees are the same. Trained once per test run.
    /// </summary>
    public static TrainedModel TrainedModel => s_trained.Value;

    /// <summary>Scores rows through ONNX Runtime (the served score).</summary>
    public static double[] OnnxScores(byte[] model, double[] features)
    {
        using var scorer = OnnxScorer.FromBytes(model);
        return scorer.ScoreBatch(features).Probabilities;
    }

    /// <summary>Values per row of one output, run through ONNX Runtime directly.</summary>
    public static int OnnxOutputWidth(byte[] model, string output, double[] features)
    {
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(model);
        var width = session.InputMetadata.First().Value.Dimensions[1];
        var rows = features.Length / width;
        using var input = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(
            features.Select(v => (float)v).ToArray(), [rows, width]);
        using var results = session.Run(new Microsoft.ML.OnnxRuntime.RunOptions(),
            [session.InputMetadata.First().Key], [input], [output]);
        return (int)(results[0].GetTensorTypeAndShape().ElementCount / rows);
    }

    /// <summary>A copy of the rows with about <paramref name="share"/> of the cells set to NaN (seeded).</summary>
    public static double[] WithNaNs(double[] features, double share, int seed)
    {
        var random = new Random(seed);
        return [.. features.Select(v => random.NextDouble() < share ? double.NaN : v)];
    }

    public static FeatureRows Rows(ProcessedFeatureTable table) => FeatureRows.From(table);

    private static TrainedModel TrainOnReference()
    {
        var table = Reference();
        var labels = table.ExtraColumns["engaged"].Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var options = LeadModelTrainerOptions.For(table.RowCount) with { ThresholdFolds = 0 };
        return new LeadModelTrainer(options).Train(table.Features, labels);
    }


}
