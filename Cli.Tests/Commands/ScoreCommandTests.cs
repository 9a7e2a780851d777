using System.CommandLine;
using System.Globalization;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Tests.Infrastructure;
namespace LeadScoring.Cli.Tests.Commands;

/// <summary>The CLI <c>score</c> command (Cli/Commands/ScoreCommand.cs), run in-process.</summary>
public sealed class ScoreCommandTests
{
    [SharedDataFact]
    public void Score_CraftedLeads_WritesTheOriginalApiAnswers()
    {
        var partial = OriginalFixtures.PartialOutput();
        var outputPath = Path.Combine(Path.GetTempPath(), $"scores-{Guid.NewGuid():N}.csv");
        try
        {
            var (code, _, error) = Invoke("score", "--model", OriginalFixtures.ModelPath, "--input",
                TestPaths.Shared("data", "original", "pipeline_output_partial.csv"), "--output", outputPath, "--decimals", "4");

            Assert.Equal(0, code);
            Assert.Contains("scored 31 rows", error);
            var lines = File.ReadAllLines(outputPath);
            Assert.Equal("score,label,confidence", lines[0]);
            Assert.Equal(32, lines.Length);
            for (var i = 0; i < 31; i++)
            {
                var cells = lines[i + 1].Split(',');
                Assert.Equal(double.Parse(partial.ExtraColumns["api_score"][i], CultureInfo.InvariantCulture),
                    double.Parse(cells[0], CultureInfo.InvariantCulture));
                Assert.Equal(partial.ExtraColumns["api_label"][i], cells[1]);
                Assert.Equal(partial.ExtraColumns["api_confidence"][i], cells[2]);
            }
        }
        finally
        {
            File.Delete(outputPath);
        }
    }

    [SharedDataFact]
    public void Score_ThresholdOption_ChangesLabelsOnly()
    {
        var (code, output, _) = Invoke("score", "--model", OriginalFixtures.ModelPath, "--input",
            TestPaths.Shared("data", "original", "pipeline_output.csv"), "--threshold", "0.2", "--decimals", "4");

        Assert.Equal(0, code);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        Assert.Equal(303, rows.Length);
        Assert.Equal("0.2050,engaged,low", rows[2].TrimEnd('\r')); // record 3 scores 0.2050 >= 0.2
        Assert.Equal("0.1336,not_engaged,low", rows[1].TrimEnd('\r'));
    }

    [Fact]
    public void Score_ByDefault_WritesFullPrecisionThatRoundTrips()
    {
        var directory = Directory.CreateTempSubdirectory("score-cli-");
        try
        {
            // A model of the repository's own demo data, so this runs without ../shared.
            var input = Path.Combine(TestPaths.DataDirectory, "scenarios", "no_drift_baseline.processed.csv");
            var modelPath = Path.Combine(directory.FullName, "model.onnx");
            Assert.Equal(0, Invoke("train", "--input", Path.Combine(TestPaths.DataDirectory, "reference_leads.processed.csv"), "--output", modelPath, "--trees", "20").Code);

            var (code, output, _) = Invoke("score", "--model", modelPath, "--input", input);
            var (_, rounded, _) = Invoke("score", "--model", modelPath, "--input", input, "--decimals", "2");

            Assert.Equal(0, code);
            var model = ScoringModel.LoadOnnx(modelPath);
            using var scorer = model.Scorer;
            var expected = scorer.ScoreBatch(ProcessedFeatureCsv.ReadFile(input, model.FeatureColumns).Features).Probabilities;
            var scores = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(line => double.Parse(line.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(expected, scores); // bit for bit, not to 4 decimals
            Assert.Contains(scores, s => Math.Round(s, 4) != s);
            Assert.All(rounded.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), line => Assert.Matches(@"^\d\.\d{2},", line));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Score_DecimalsOutOfRange_IsAUsageError()
    {
        var (code, _, error) = Invoke("score", "--model", OriginalFixtures.ModelPath, "--input", "x.csv", "--decimals", "16");

        Assert.NotEqual(0, code);
        Assert.Contains("--decimals must be between 0 and 15", error);
    }

    [SharedDataFact]
    public void Score_BadInput_ReportsRowAndColumn()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.csv");
        var header = string.Join(',', global::LeadScoring.Engine.Features.FeatureSchema.Names);
        var good = string.Join(',', Enumerable.Repeat("0", 47));
        var bad = "x" + good[1..];
        File.WriteAllText(path, $"{header}\n{good}\n{bad}\n");
        try
        {
            var (code, _, error) = Invoke("score", "--model", OriginalFixtures.ModelPath, "--input", path);

            Assert.Equal(1, code);
            Assert.Contains("error: Row 2, column 'llm_quality': 'x' is not a number.", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = global::LeadScoring.Cli.Program.BuildRootCommand().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
