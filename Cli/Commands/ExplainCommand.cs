using System.CommandLine;
using System.Globalization;
using LeadScoring.Engine.Explanations;
using LeadScoring.Engine.Scoring;
using Microsoft.ML.OnnxRuntime;

namespace LeadScoring.Cli.Commands;

/// <summary>
/// <c>leadscoring explain --model model.onnx --background bg.csv --input leads.csv [--output out.csv] [--by-raw-column]</c>:
/// exact interventional TreeSHAP per row, in margin (log-odds) space: <c>score,base_value,shap_&lt;feature&gt;…</c> with
/// the 47 model features in the model's input order (or the 19 raw lead columns with <c>--by-raw-column</c>); base
/// value + Σ shap = the margin, so σ(margin) is the served score. The whole background file is used.
/// </summary>
public static class ExplainCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "ONNX tree-ensemble model file.", Required = true };
        var background = new Option<FileInfo>("--background") { Description = "Processed-feature CSV of background rows (e.g. 200 reference rows); all are used.", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "Processed-feature CSV of the leads to explain (header row; extra columns ignored).", Required = true };
        var output = new Option<FileInfo?>("--output") { Description = "Output CSV; default: standard output." };
        var byRaw = new Option<bool>("--by-raw-column") { Description = "One column per raw lead column (sums of its features' values) instead of per model feature." };
        var command = new Command("explain", "Explain each score: exact SHAP values of the tree ensemble against a background set.")
        {
            model, background, input, output, byRaw,
        };
        command.SetAction(parse => Run(parse.GetRequiredValue(model).FullName, parse.GetRequiredValue(background).FullName,
            parse.GetRequiredValue(input).FullName, parse.GetValue(output)?.FullName, parse.GetValue(byRaw),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string modelPath, string backgroundPath, string inputPath, string? outputPath, bool byRawColumn,
        TextWriter stdout, TextWriter? stderr = null)
    {
        stderr ??= TextWriter.Null;
        try
        {
            var bytes = File.ReadAllBytes(modelPath);
            var columns = ScoringModel.LoadOnnx(modelPath).FeatureColumns;
            var ensemble = OnnxTreeEnsembleReader.Read(bytes);
            var backgroundRows = FeatureRows.From(ProcessedFeatureCsv.ReadFile(backgroundPath, columns));
            var leads = FeatureRows.From(ProcessedFeatureCsv.ReadFile(inputPath, columns));
            var explainer = Explainer.Create(ensemble, backgroundRows);
            var batch = explainer.ExplainMany(leads);
            var grouping = FeatureGrouping.RawColumnsFor(columns);

            using var writer = outputPath is null ? null : new StreamWriter(outputPath);
            var target = writer ?? stdout;
            var names = byRawColumn ? grouping.GroupNames : columns;
            target.WriteLine("score,base_value," + string.Join(",", names.Select(n => "shap_" + n)));
            for (var i = 0; i < leads.Count; i++)
            {
                var e = batch[i];
                var values = byRawColumn ? grouping.Sum(e.Phi) : e.Phi;
                target.WriteLine(string.Join(",", new[] { e.Score, e.BaseValue }.Concat(values).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            }
            target.Flush();
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"explained {leads.Count} rows against {backgroundRows.Count} background rows ({ensemble.Trees.Count} trees)"));
            return 0;
        }
        catch (TreeEnsembleNotSupportedException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return 2;
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidDataException or UnauthorizedAccessException
            or OnnxRuntimeException or ArgumentException)
        {
            stderr.WriteLine("error: " + e.Message);
            return 2;
        }
    }
}
