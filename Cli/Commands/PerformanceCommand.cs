using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Performance.Cbpe;
using LeadScoring.Engine.Reporting;
using LeadScoring.Engine.Scoring;

namespace LeadScoring.Cli.Commands;

/// <summary>
/// <c>leadscoring performance --reference ref.csv --current cur.csv [--threshold 0.5] [--chunk-size N]
/// [--output out.json] [--html out.html]</c>: CBPE (NannyML 0.13) on files, with realized values where the current file
/// has outcomes. Exit 0 without alerts, 1 when a chunk's estimate leaves its thresholds, 2 on bad input.
/// </summary>
public static class PerformanceCommand
{
    public const int AlertExitCode = 1;
    public const int BadInputExitCode = 2;

    public static Command Create()
    {
        var reference = new Option<FileInfo>("--reference") { Description = "CSV with 'score' and 'converted' (0/1) per row: the labelled reference (e.g. the holdout).", Required = true };
        var current = new Option<FileInfo>("--current") { Description = "CSV with 'score' and, optionally, 'converted' (empty = unknown).", Required = true };
        var threshold = new Option<double>("--threshold") { Description = "Serving threshold: engaged iff score ≥ threshold.", DefaultValueFactory = _ => ScoreRules.DefaultThreshold };
        var chunkSize = new Option<int?>("--chunk-size") { Description = "Rows per chunk, in file order; default: the reference split into 10 equal chunks (NannyML's default), current chunks of that size." };
        var output = new Option<FileInfo?>("--output") { Description = "JSON result file; default: standard output." };
        var html = new Option<FileInfo?>("--html") { Description = "Also write an HTML report." };
        var command = new Command("performance", "Estimate performance without labels (CBPE) and compare with realized where outcomes exist.")
        {
            reference, current, threshold, chunkSize, output, html,
        };
        command.SetAction(parse => Run(parse.GetRequiredValue(reference).FullName, parse.GetRequiredValue(current).FullName,
            parse.GetValue(threshold), parse.GetValue(chunkSize), parse.GetValue(output)?.FullName, parse.GetValue(html)?.FullName,
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string referencePath, string currentPath, double threshold, int? chunkSize, string? outputPath,
        string? htmlPath, TextWriter stdout, TextWriter? stderr = null)
    {
        stderr ??= TextWriter.Null;
        try
        {
            if (!(threshold > 0 && threshold < 1))
            {
                throw new InvalidDataException("--threshold must be between 0 and 1 (exclusive).");
            }
            if (chunkSize is <= 0)
            {
                throw new InvalidDataException("--chunk-size must be a positive number of rows.");
            }
            var reference = ScoreOutcomeCsv.Read(referencePath, requireOutcomes: true);
            var current = ScoreOutcomeCsv.Read(currentPath, requireOutcomes: false);
            var labels = reference.Outcomes.Select(o => (int)o).ToArray();
            if (labels.Distinct().Count() < 2)
            {
                throw new InvalidDataException($"{Path.GetFileName(referencePath)}: the reference needs both outcomes (0 and 1).");
            }
            var referenceChunks = chunkSize is { } size ? Chunking.BySize(reference.Scores.Length, size) : Chunking.Default(reference.Scores.Length);
            var state = CbpeEstimator.Fit(reference.Scores, labels, threshold, referenceChunks);
            var chunks = CbpeEstimator.Estimate(state, current.Scores, current.Outcomes,
                Chunking.BySize(current.Scores.Length, chunkSize ?? state.ReferenceChunkSize));

            var json = ToJson(state, chunks).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            if (outputPath is null)
            {
                stdout.WriteLine(json);
            }
            else
            {
                File.WriteAllText(outputPath, json);
            }
            if (htmlPath is not null)
            {
                File.WriteAllText(htmlPath, Html(state, chunks, Path.GetFileName(currentPath)));
            }
            var alerts = chunks.Count(c => c.Alerts.Count > 0);
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CBPE: calibration {state.Calibration}, {chunks.Count} chunks of {current.Scores.Length} rows, {current.LabelledCount} labelled; {alerts} chunk(s) with alerts"));
            return alerts > 0 ? AlertExitCode : 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            stderr.WriteLine("error: " + e.Message);
            return BadInputExitCode;
        }
    }

    /// <summary>The documented JSON: full precision, null where a value is not defined.</summary>
    public static JsonObject ToJson(CbpeState state, IReadOnlyList<CbpeChunkResult> chunks)
    {
        var metrics = new JsonObject();
        foreach (var name in CbpeMetrics.Names)
        {
            var t = state.Thresholds[name];
            metrics[name] = new JsonObject
            {
                ["reference_mean"] = Number(t.ReferenceMean), ["lower_threshold"] = Number(t.Lower), ["upper_threshold"] = Number(t.Upper),
            };
        }
        var array = new JsonArray();
        foreach (var c in chunks)
        {
            array.Add(new JsonObject
            {
                ["index"] = c.Index, ["rows"] = c.Rows,
                ["estimated"] = Values(c.Estimated), ["sampling_error"] = Values(c.SamplingError),
                ["realized"] = c.Realized is null ? null : Values(c.Realized),
                ["alerts"] = new JsonArray([.. c.Alerts.Select(a => (JsonNode)a)]),
            });
        }
        return new JsonObject
        {
            ["calibration"] = state.Calibration, ["threshold"] = state.Threshold, ["metrics"] = metrics, ["chunks"] = array,
        };
    }

    private static JsonObject Values(MetricValues values)
    {
        var o = new JsonObject();
        foreach (var name in CbpeMetrics.Names)
        {
            o[name] = Number(values[name]);
        }
        return o;
    }

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static string Html(CbpeState state, IReadOnlyList<CbpeChunkResult> chunks, string currentName)
    {
        var html = new HtmlReportWriter("Estimated performance (CBPE) · " + currentName)
            .Heading("Estimated performance (CBPE) · " + currentName, 1)
            .Paragraph($"Calibration: {state.Calibration} (reference ECE {Format.Metric(state.Decision.EceBefore)} → {Format.Metric(state.Decision.EceAfter)}); threshold {Format.Number(state.Threshold)}. " +
                "Band = estimate ± 3 sampling errors. CBPE assumes P(converted | score) did not change; where realized values leave the band, trust them.", muted: true)
            .BeginTable(["chunk", "rows", .. CbpeMetrics.Names.Select(n => n + " estimated [band]"), .. CbpeMetrics.Names.Select(n => n + " realized"), "alerts"]);
        foreach (var c in chunks)
        {
            html.Row([c.Index.ToString(CultureInfo.InvariantCulture), Format.Count(c.Rows),
                .. CbpeMetrics.Names.Select(n => $"{Format.Metric(c.Estimated[n])} [{Format.Metric(c.LowerConfidenceBound[n])}, {Format.Metric(c.UpperConfidenceBound[n])}]"),
                .. CbpeMetrics.Names.Select(n => c.Realized is null ? Format.Missing : Format.Metric(c.Realized[n])),
                string.Join(", ", c.Alerts)]);
        }
        return html.EndTable().Finish();
    }
}
