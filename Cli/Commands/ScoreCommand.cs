using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LeadScoring.Engine.Scoring;
using Microsoft.ML.OnnxRuntime;

namespace LeadScoring.Cli.Commands;

/// <summary>
/// <c>leadscoring score --model model.onnx --input processed.csv [--threshold 0.5] [--output scores.csv]</c>:
/// scores a CSV of processed (47-feature) rows and writes <c>score,label,confidence</c> per row, with the
/// original API's rules (engaged iff the unrounded score ≥ threshold). Scores are written in full (shortest
/// round-trip form) so downstream tools lose nothing; <c>--decimals 4</c> gives the API's rounding.
/// </summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "ONNX model file.", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "CSV of processed features (header row).", Required = true };
        var threshold = new Option<double?>("--threshold")
        {
            Description = "Decision threshold; default: the model's 'threshold' metadata, else 0.5.",
        };
        var output = new Option<FileInfo?>("--output") { Description = "Output CSV; default: standard output." };
        var columns = new Option<FileInfo?>("--feature-columns")
        {
            Description = "JSON array of feature names in model order; default: the model's metadata, else the 47 standard names.",
        };
        var decimals = new Option<int?>("--decimals")
        {
            Description = "Round scores to N decimals (0-15, half to even as the API); default: full precision (round-trip).",
        };
        decimals.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is int n && n is < 0 or > 15)
            {
                result.AddError("--decimals must be between 0 and 15.");
            }
        });
        var command = new Command("score", "Score processed feature rows with an ONNX model.")
        {
            model, input, threshold, output, columns, decimals,
        };
        command.SetAction(parse => Run(
            parse.GetRequiredValue(model), parse.GetRequiredValue(input), parse.GetValue(threshold),
            parse.GetValue(output), parse.GetValue(columns), parse.GetValue(decimals), parse.InvocationConfiguration));
        return command;
    }

    private static int Run(FileInfo modelFile, FileInfo inputFile, double? threshold, FileInfo? outputFile,
        FileInfo? columnsFile, int? decimals, InvocationConfiguration console)
    {
        try
        {
            var start = Stopwatch.GetTimestamp();
            var featureColumns = columnsFile is null
                ? null
                : JsonSerializer.Deserialize<string[]>(File.ReadAllText(columnsFile.FullName))
                  ?? throw new InvalidDataException($"{columnsFile.Name} holds no JSON array of names.");
            var model = ScoringModel.LoadOnnx(modelFile.FullName, threshold: threshold, featureColumns: featureColumns);
            using var scorer = model.Scorer;
            var table = ProcessedFeatureCsv.ReadFile(inputFile.FullName, model.FeatureColumns);
            var result = scorer.ScoreBatch(table.Features);

            using var writer = outputFile is null ? null : new StreamWriter(outputFile.FullName);
            var target = writer ?? console.Output;
            target.WriteLine("score,label,confidence");
            var engaged = 0;
            foreach (var p in result.Probabilities)
            {
                var isEngaged = model.IsEngaged(p);
                engaged += isEngaged ? 1 : 0;
                target.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{FormatScore(p, decimals)},{ScoreRules.LabelText(isEngaged)},{ScoreRules.ConfidenceText(ScoreRules.Confidence(p))}"));
            }
            target.Flush();
            var mean = result.Probabilities.Length == 0 ? 0 : result.Probabilities.Average();
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scored {table.RowCount} rows with {modelFile.Name} (threshold {model.Threshold:R}): {engaged} engaged, " +
                $"mean score {ScoreRules.RoundScore(mean):F4}; inference {result.Elapsed.TotalMilliseconds:F1} ms, " +
                $"total {Stopwatch.GetElapsedTime(start).TotalMilliseconds:F0} ms"));
            return 0;
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidDataException or JsonException
            or UnauthorizedAccessException or OnnxRuntimeException)
        {
            console.Error.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    // Full precision unless asked: "R" is the shortest text that parses back to the same double.
    private static string FormatScore(double score, int? decimals) => decimals is int n
        ? ScoreRules.PythonRound(score, n).ToString("F" + n.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
        : score.ToString("R", CultureInfo.InvariantCulture);
}
