using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Training;
using Sylvan.Data.Csv;

namespace LeadScoring.Cli.Commands;

/// <summary>
/// <c>leadscoring train --input processed.csv [--labels leads.csv] [--label-column engaged] --output model.onnx
/// [--trees 100] [--seed 42] [--version v] [--metrics metrics.json] [--cv 5]</c>: trains the FastTree model on
/// processed features and writes ONNX plus validation metrics beside the trivial baseline.
/// </summary>
public static class TrainCommand
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "CSV of processed features.", Required = true };
        var labels = new Option<FileInfo?>("--labels") { Description = "CSV holding the label column, same record order; default: --input." };
        var labelColumn = new Option<string>("--label-column") { Description = "0/1 label column.", DefaultValueFactory = _ => "engaged" };
        var output = new Option<FileInfo>("--output") { Description = "ONNX file to write.", Required = true };
        var trees = new Option<int>("--trees") { Description = "Boosting rounds.", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Split and trainer seed.", DefaultValueFactory = _ => 42 };
        var version = new Option<string>("--version") { Description = "Model version label.", DefaultValueFactory = _ => "trained" };
        var metrics = new Option<FileInfo?>("--metrics") { Description = "Write metrics and training description as JSON." };
        var folds = new Option<int>("--cv") { Description = "Also report k-fold cross-validation (0 = off).", DefaultValueFactory = _ => 0 };
        var command = new Command("train", "Train the lead-scoring model (ML.NET FastTree) and export it to ONNX.")
        {
            input, labels, labelColumn, output, trees, seed, version, metrics, folds,
        };
        command.SetAction(parse =>
        {
            var console = parse.InvocationConfiguration;
            try
            {
                var options = new LeadModelTrainerOptions
                {
                    NumberOfTrees = parse.GetValue(trees),
                    Seed = parse.GetValue(seed),
                    ModelVersion = parse.GetRequiredValue(version),
                };
                var inputFile = parse.GetRequiredValue(input);
                var table = ProcessedFeatureCsv.ReadFile(inputFile.FullName, options.FeatureColumns);
                var y = ReadLabels((parse.GetValue(labels) ?? inputFile).FullName, parse.GetRequiredValue(labelColumn));
                if (y.Length != table.RowCount)
                {
                    throw new InvalidDataException($"{table.RowCount} feature rows but {y.Length} labels.");
                }
                var model = new LeadModelTrainer(options).Train(table.Features, y);
                File.WriteAllBytes(parse.GetRequiredValue(output).FullName, model.OnnxModel);
                var v = model.Validation;
                console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"trained {model.Description.TreeCount} trees on {model.Description.TrainRows} rows in " +
                    $"{model.Description.Duration.TotalSeconds:F2} s; validation ({v.Rows} rows, {v.Positives} engaged): " +
                    $"threshold {model.Threshold:F4}, F1 {v.F1:F4} (everyone-engaged baseline {v.BaselineF1:F4}), " +
                    $"precision {v.Precision:F4}, recall {v.Recall:F4}, ROC AUC {v.RocAuc:F4}, PR AUC {v.PrAuc:F4}"));
                if (parse.GetValue(metrics) is { } metricsFile)
                {
                    File.WriteAllText(metricsFile.FullName, JsonSerializer.Serialize(
                        new { model.Threshold, model.Validation, model.Description }, s_json));
                }
                var k = parse.GetValue(folds);
                if (k >= 2)
                {
                    var cv = CrossValidator.Run(table.Features, y, k, options);
                    console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{k}-fold CV: mean F1 {cv.MeanF1:F4}, pooled F1 {cv.PooledF1:F4} (baseline {cv.BaselineF1:F4}), " +
                        $"ROC AUC {cv.PooledRocAuc:F4}, PR AUC {cv.PooledPrAuc:F4}"));
                }
                return 0;
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException or ArgumentException
                or UnauthorizedAccessException)
            {
                console.Error.WriteLine("error: " + e.Message);
                return 1;
            }
        });
        return command;
    }

    private static int[] ReadLabels(string path, string column)
    {
        using var csv = CsvDataReader.Create(path, new CsvDataReaderOptions { MaxBufferSize = 1 << 24 });
        int ordinal;
        try
        {
            ordinal = csv.GetOrdinal(column);
        }
        catch (IndexOutOfRangeException)
        {
            throw new FormatException($"Column '{column}' is missing from {Path.GetFileName(path)}.");
        }
        var labels = new List<int>();
        while (csv.Read())
        {
            var text = csv.GetString(ordinal);
            labels.Add(text switch
            {
                "0" or "0.0" or "False" or "false" => 0,
                "1" or "1.0" or "True" or "true" => 1,
                _ => throw new FormatException($"Row {labels.Count + 1}, column '{column}': '{text}' is not 0 or 1."),
            });
        }
        return [.. labels];
    }
}
