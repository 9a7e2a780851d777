using System.CommandLine;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Tests.Infrastructure;
namespace LeadScoring.Cli.Tests.Commands;

public sealed class FeaturesCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = LeadScoring.Cli.Program.BuildRootCommand().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [SharedDataFact]
    public void Features_WithOriginalEncoding_PrintsTheOriginalsFeatures()
    {
        var (exit, output, error) = Run("features", "--input", TestPaths.Shared("data", "linkedin_leads_clean.csv"),
            "--encoding", TestPaths.Shared("data", "original", "target_encoding.json"));

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var printed = LeadCsvReader.Read(new StringReader(output));
        Assert.Equal(LeadBatchSchema.Processed, printed.Schema);
        Assert.Equal(string.Join(',', FeatureSchema.Names), output[..output.IndexOf('\n', StringComparison.Ordinal)]);
        var expected = OriginalFixtures.ReadCsv("data", "original", "pipeline_output.csv");
        for (var r = 0; r < expected.Count; r++)
        {
            OriginalFixtures.AssertSameFeatures($"row {r + 1}", OriginalFixtures.ExpectedFeatures(expected[r]), printed.ProcessedRows[r]);
        }
    }

    [Fact]
    public void Features_WithStateAndOutputFile_WritesCsv()
    {
        var dir = Directory.CreateTempSubdirectory("features-cli").FullName;
        try
        {
            var input = Path.Combine(dir, "in.csv");
            File.WriteAllText(input, "llm_quality,jobtitle,summary\n80,Director,\"a\nb\"\n,,\n");
            var output = Path.Combine(dir, "out.csv");

            var (exit, _, error) = Run("features", "-i", input, "--state",
                Path.Combine(TestPaths.DataDirectory, "reference_pipeline_state.json"), "-o", output);

            Assert.Equal(0, exit);
            Assert.Contains("warning: Header, column 'llm_seniority': The raw column is missing", error, StringComparison.Ordinal);
            var rows = LeadCsvReader.ReadFile(output).ProcessedRows;
            Assert.Equal(2, rows.Count);
            Assert.Equal(80, rows[0][0]);
            Assert.Equal(1, rows[0][FeatureSchema.IndexOf("is_tech_role")]);
            Assert.Equal(3, rows[0][FeatureSchema.IndexOf("summary_length")]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Features_BadCell_ExitsTwoWithRowAndColumnOnStderr()
    {
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllText(input, "llm_quality,jobtitle\n80,CTO\n150,CEO\n");

            var (exit, output, error) = Run("features", "--input", input, "--state",
                Path.Combine(TestPaths.DataDirectory, "reference_pipeline_state.json"));

            Assert.Equal(2, exit);
            Assert.Equal("", output);
            Assert.Contains("error: Row 2, column 'llm_quality': '150' is out of range [0, 100].", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Fact]
    public void Features_ProcessedInput_ExitsTwo()
    {
        var input = Path.Combine(TestPaths.DataDirectory, "reference_leads.processed.csv");

        var (exit, output, error) = Run("features", "--input", input, "--state",
            Path.Combine(TestPaths.DataDirectory, "reference_pipeline_state.json"));

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("already holds the 47 processed features", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_NoStateAvailable_ExitsTwoWithHelpfulMessage()
    {
        var (exit, _, error) = Run("features", "--input", "whatever.csv", "--state", "/nonexistent/state.json");

        Assert.Equal(2, exit);
        Assert.Contains("no feature pipeline state at '/nonexistent/state.json'", error, StringComparison.Ordinal);
    }
}
