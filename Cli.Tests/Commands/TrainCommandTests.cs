using LeadScoring.Engine.Features;
using System.CommandLine;
using System.Text.Json;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Tests.Infrastructure;
namespace LeadScoring.Cli.Tests.Commands;

/// <summary>The CLI <c>train</c> command (Cli/Commands/TrainCommand.cs), run in-process.</summary>
public sealed class TrainCommandTests
{
    [SharedDataFact]
    public void Train_RealLeads_WritesLoadableModelAndMetrics()
    {
        var directory = Directory.CreateTempSubdirectory("train-cli-");
        try
        {
            var modelPath = Path.Combine(directory.FullName, "model.onnx");
            var metricsPath = Path.Combine(directory.FullName, "metrics.json");
            var output = new StringWriter();
            var error = new StringWriter();

            var code = global::LeadScoring.Cli.Program.BuildRootCommand().Parse([
                "train", "--input", TestPaths.Shared("data", "original", "pipeline_output.csv"),
                "--labels", TestPaths.Shared("data", "linkedin_leads_clean.csv"), "--output", modelPath,
                "--trees", "20", "--version", "cli-test", "--metrics", metricsPath,
            ]).Invoke(new InvocationConfiguration { Output = output, Error = error });

            Assert.True(code == 0, error.ToString());
            Assert.Contains("everyone-engaged baseline 0.5714", output.ToString());
            using var metrics = JsonDocument.Parse(File.ReadAllText(metricsPath));
            var threshold = metrics.RootElement.GetProperty("Threshold").GetDouble();
            Assert.Equal(303, metrics.RootElement.GetProperty("Description").GetProperty("Rows").GetInt32());
            Assert.Equal(121, metrics.RootElement.GetProperty("Description").GetProperty("Positives").GetInt32());
            var model = ScoringModel.LoadOnnx(modelPath);
            using var scorer = model.Scorer;
            Assert.Equal("cli-test", model.VersionId);
            Assert.Equal(threshold, model.Threshold);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Train_BadLabel_ReportsRowAndColumn()
    {
        var directory = Directory.CreateTempSubdirectory("train-cli-");
        try
        {
            var header = string.Join(',', FeatureSchema.Names) + ",engaged";
            var row = string.Join(',', Enumerable.Repeat("0", 47));
            var input = Path.Combine(directory.FullName, "in.csv");
            File.WriteAllText(input, $"{header}\n{row},1\n{row},yes\n");
            var error = new StringWriter();

            var code = global::LeadScoring.Cli.Program.BuildRootCommand().Parse([
                "train", "--input", input, "--output", Path.Combine(directory.FullName, "m.onnx"),
            ]).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });

            Assert.Equal(1, code);
            Assert.Equal("error: Row 2, column 'engaged': 'yes' is not 0 or 1.", error.ToString().Trim());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
