using System.Text.Json;
using LeadScoring.Core.Scoring;
using LeadScoring.Dashboard.Tests.Infrastructure;

namespace LeadScoring.Dashboard.Tests.Core.Scoring;

/// <summary>The original system's parity fixtures under ../shared/data/original.</summary>
internal static class OriginalFixtures
{
    public static string ModelPath => TestPaths.Shared("data", "original", "model.onnx");

    public static IReadOnlyList<string> FeatureColumns =>
        JsonSerializer.Deserialize<string[]>(File.ReadAllText(TestPaths.Shared("data", "feature_columns.json")))!;

    /// <summary>pipeline_output.csv: 303 leads, 47 features and the unrounded score.</summary>
    public static ProcessedFeatureTable PipelineOutput() =>
        ProcessedFeatureCsv.ReadFile(TestPaths.Shared("data", "original", "pipeline_output.csv"), FeatureColumns,
            ["row", "score"]);

    /// <summary>pipeline_output_partial.csv: 31 crafted leads with the original API's answers.</summary>
    public static ProcessedFeatureTable PartialOutput() =>
        ProcessedFeatureCsv.ReadFile(TestPaths.Shared("data", "original", "pipeline_output_partial.csv"),
            FeatureColumns, ["case", "score", "api_score", "api_label", "api_confidence"]);

    public static double[] Doubles(this ProcessedFeatureTable table, string column) =>
        [.. table.ExtraColumns[column].Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];
}
