using System.CommandLine;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Drift.Reports;

namespace LeadScoring.Cli.Commands;

/// <summary>
/// <c>leadscoring drift --reference A.csv --current B.csv [--format json|markdown|html] [--profile evidently|nannyml]
/// [--output file]</c>: drift of any two CSVs on their shared columns. Exit code 1 when the alert level is red (for
/// pipelines), 0 otherwise, 2 on bad input.
/// </summary>
public static class DriftCommand
{
    /// <summary>Exit code when the alert level is red.</summary>
    public const int RedExitCode = 1;

    /// <summary>Exit code on bad input (missing option, unreadable file, no shared column).</summary>
    public const int BadInputExitCode = 2;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var reference = new Option<string>("--reference") { Description = "Reference CSV (e.g. training data)." };
        var current = new Option<string>("--current") { Description = "Current CSV (e.g. a production batch)." };
        var format = new Option<string>("--format") { Description = "json (default), markdown or html.", DefaultValueFactory = _ => "json" };
        var profile = new Option<string>("--profile") { Description = "evidently (default) or nannyml.", DefaultValueFactory = _ => "evidently" };
        var output = new Option<string?>("--output") { Description = "Write the report to this file instead of standard output." };
        var bh = new Option<bool>("--benjamini-hochberg") { Description = "Adjust p-values with Benjamini–Hochberg before deciding." };
        var command = new Command("drift", "Per-column data drift between two CSV files (Evidently's default tests).")
        {
            reference, current, format, profile, output, bh,
        };
        // Parse problems must exit with 2, not System.CommandLine's 1 (1 means "red" to pipelines).
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            if (parse.UnmatchedTokens.Count > 0)
            {
                return Fail($"unknown argument(s): {string.Join(' ', parse.UnmatchedTokens)}");
            }
            return Run(parse.GetValue(reference), parse.GetValue(current), parse.GetValue(format) ?? "json",
                parse.GetValue(profile) ?? "evidently", parse.GetValue(output), parse.GetValue(bh), Console.Out);
        });
        return command;
    }

    /// <summary>Runs the command; public so tests can call it in-process.</summary>
    public static int Run(string? referencePath, string? currentPath, string format, string profile, string? outputPath, bool benjaminiHochberg, TextWriter stdout)
    {
        if (string.IsNullOrWhiteSpace(referencePath) || string.IsNullOrWhiteSpace(currentPath))
        {
            return Fail("--reference and --current are required.");
        }
        var fmt = format.ToLowerInvariant();
        if (fmt is not ("json" or "markdown" or "md" or "html"))
        {
            return Fail($"--format must be json, markdown or html (got '{format}').");
        }
        if (DriftProfiles.Parse(profile) is not { } driftProfile)
        {
            return Fail($"--profile must be evidently or nannyml (got '{profile}').");
        }
        DriftReport report;
        try
        {
            var (refData, curData, ignored) = DriftCsvReader.ReadPair(referencePath, currentPath);
            if (ignored.Count > 0)
            {
                Console.Error.WriteLine($"drift: ignoring columns not present in both files: {string.Join(", ", ignored)}");
            }
            report = DriftDetector.Run(DriftReference.Build(refData), curData, new DriftOptions { Profile = driftProfile, BenjaminiHochberg = benjaminiHochberg });
        }
        catch (DriftInputException e)
        {
            return Fail(e.Message);
        }
        var text = fmt switch
        {
            "html" => DriftHtmlReport.Render(report),
            "markdown" or "md" => DriftMarkdownReport.Render(report),
            _ => DriftReportJson.Serialize(report),
        };
        if (outputPath is null)
        {
            stdout.WriteLine(text);
        }
        else
        {
            try
            {
                File.WriteAllText(outputPath, text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail($"cannot write {outputPath}: {e.Message}");
            }
            Console.Error.WriteLine($"drift: {report.DriftedColumns}/{report.TestedColumns} columns drifted, {report.AlertLevel}; report written to {outputPath}");
        }
        return report.AlertLevel == DriftAlertLevel.Red ? RedExitCode : 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"drift: {message}");
        return BadInputExitCode;
    }
}
