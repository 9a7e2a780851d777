using System.Globalization;
using System.Text.Json;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Scoring;
using Sylvan.Data.Csv;

namespace LeadScoring.Engine.Tests.Infrastructure;

/// <summary>The original system's parity fixtures under ../shared/data (leads, features, fitted state, model).</summary>
public static class OriginalFixtures
{
    private static readonly Lazy<FeaturePipelineState> s_state = new(() => FeaturePipelineState.ImportOriginal(
        TestPaths.Shared("data", "original", "target_encoding.json"), TestPaths.Shared("data", "numeric_medians.json")));

    private static readonly Lazy<IReadOnlyList<RawLead>> s_leads = new(() =>
    {
        var result = LeadCsvReader.ReadFile(TestPaths.Shared("data", "linkedin_leads_clean.csv"));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.RawRows;
    });

    /// <summary>The original's state: target_encoding.json + numeric_medians.json.</summary>
    public static FeaturePipelineState State => s_state.Value;

    /// <summary>The 303 labelled leads of linkedin_leads_clean.csv, in record order.</summary>
    public static IReadOnlyList<RawLead> Leads => s_leads.Value;

    /// <summary>Reads a fixture CSV into rows of named cells.</summary>
    public static List<Dictionary<string, string>> ReadCsv(params string[] path)
    {
        using var csv = CsvDataReader.Create(TestPaths.Shared(path), new CsvDataReaderOptions { Comment = '\0' });
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < csv.FieldCount; i++)
            {
                row[csv.GetName(i)] = csv.GetString(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The 47 expected features of a fixture row, parsed exactly.</summary>
    public static double[] ExpectedFeatures(Dictionary<string, string> row) =>
        FeatureSchema.Names.Select(n => double.Parse(row[n], CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Asserts == on every feature, naming the first mismatch.</summary>
    public static void AssertSameFeatures(string what, double[] expected, ReadOnlySpan<double> actual)
    {
        for (var i = 0; i < FeatureSchema.Count; i++)
        {
            if (expected[i] != actual[i])
            {
                Assert.Fail($"{what}, feature {FeatureSchema.Names[i]}: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }

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
        [.. table.ExtraColumns[column].Select(s => double.Parse(s, CultureInfo.InvariantCulture))];
}
