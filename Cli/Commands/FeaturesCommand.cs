using System.CommandLine;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;

namespace LeadScoring.Cli.Commands;

/// <summary>
/// <c>leadscoring features --input raw.csv [--encoding target_encoding.json | --state state.json] [--output out.csv]</c>:
/// the 47 model features of raw leads as CSV. Exit codes: 0 ok, 2 bad input (errors on stderr).
/// </summary>
public static class FeaturesCommand
{
    /// <summary>Default state when neither --encoding nor --state is given (relative to the working directory).</summary>
    public const string DefaultStatePath = "data/reference_pipeline_state.json";

    /// <summary>Exit code for unusable input.</summary>
    public const int BadInput = 2;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input", "-i") { Description = "Raw leads CSV (the 19 raw columns, engaged optional).", Required = true };
        var encoding = new Option<FileInfo?>("--encoding", "-e")
        {
            Description = "The original system's target_encoding.json; medians from numeric_medians.json beside it, else the original's defaults.",
        };
        var state = new Option<FileInfo?>("--state", "-s") { Description = $"A fitted pipeline state JSON (default: {DefaultStatePath})." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Output CSV (default: standard output)." };
        var command = new Command("features", "Compute the 47 model features of raw leads.") { input, encoding, state, output };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(encoding), parse.GetValue(state), parse.GetValue(output),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(FileInfo input, FileInfo? encoding, FileInfo? statePath, FileInfo? output, TextWriter stdout, TextWriter stderr)
    {
        if (encoding is not null && statePath is not null)
        {
            stderr.WriteLine("error: give either --encoding or --state, not both.");
            return BadInput;
        }
        var state = LoadState(encoding, statePath, stderr);
        if (state is null)
        {
            return BadInput;
        }
        if (!input.Exists)
        {
            stderr.WriteLine($"error: input file '{input.FullName}' does not exist.");
            return BadInput;
        }

        // A conversion tool: missing raw columns are read as missing and printed as warnings (uploads refuse them).
        var result = LeadCsvReader.ReadFile(input.FullName, new CsvReadOptions { AllowMissingColumns = true });
        if (result.Schema == LeadBatchSchema.Processed)
        {
            stderr.WriteLine($"error: '{input.Name}' already holds the 47 processed features; features needs raw leads.");
            return BadInput;
        }
        foreach (var warning in result.Warnings)
        {
            stderr.WriteLine("warning: " + warning);
        }
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                stderr.WriteLine("error: " + error);
            }
            stderr.WriteLine($"{result.ErrorCount} error(s) in '{input.Name}'; nothing was written.");
            return BadInput;
        }

        var features = state.TransformBatch(result.RawRows);
        if (output is null)
        {
            LeadCsvWriter.WriteProcessed(stdout, features);
        }
        else
        {
            using var writer = new StreamWriter(output.FullName, append: false, new System.Text.UTF8Encoding(false));
            LeadCsvWriter.WriteProcessed(writer, features);
        }
        return 0;
    }

    private static FeaturePipelineState? LoadState(FileInfo? encoding, FileInfo? statePath, TextWriter stderr)
    {
        try
        {
            if (encoding is not null)
            {
                var medians = Path.Combine(encoding.DirectoryName ?? ".", "numeric_medians.json");
                return FeaturePipelineState.ImportOriginal(encoding.FullName, File.Exists(medians) ? medians : null);
            }
            var path = statePath?.FullName ?? DefaultStatePath;
            if (!File.Exists(path))
            {
                stderr.WriteLine($"error: no feature pipeline state at '{path}'. Pass --encoding <target_encoding.json> or " +
                    "--state <state.json>, or create data/ with 'leadscoring generate-demo-data --output data'.");
                return null;
            }
            return FeaturePipelineState.Load(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            stderr.WriteLine("error: cannot load the feature pipeline state: " + e.Message);
            return null;
        }
    }
}
