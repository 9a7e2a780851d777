using System.Globalization;
using System.Text.Json;
using LeadScoring.Cli.Commands;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Cli.Tests.Commands;

/// <summary>
/// The CLI on files against the literals of Engine.Tests/Performance/make_performance_fixture.py (NannyML 0.13's CBPE
/// formulas with scikit-learn 1.2.1's isotonic regression): 240 reference rows, 130 current rows (some unlabelled),
/// chunks of 40.
/// </summary>
public sealed class PerformanceCommandTests : IDisposable
{
    private static readonly JsonElement s_cbpe = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(TestPaths.RepositoryRoot, "Engine.Tests", "Performance", "Fixtures", "performance_fixture.json"))).RootElement.GetProperty("cbpe");

    private readonly string _dir = Directory.CreateTempSubdirectory("performance-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string scoresKey, string labelsKey)
    {
        var scores = s_cbpe.GetProperty(scoresKey).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var labels = s_cbpe.GetProperty(labelsKey).EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "score,converted\n" + string.Concat(scores.Select((s, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{s:R},{(labels[i] < 0 ? "" : labels[i].ToString(CultureInfo.InvariantCulture))}\n"))));
        return path;
    }

    [Fact]
    public void Performance_FixtureFiles_EqualNannyMlFormulas()
    {
        var reference = Write("reference.csv", "reference_scores", "reference_labels");
        var current = Write("current.csv", "current_scores", "current_labels");
        var output = Path.Combine(_dir, "out.json");
        var html = Path.Combine(_dir, "out.html");

        var code = PerformanceCommand.Run(reference, current, 0.5, 40, output, html, TextWriter.Null);

        using var result = JsonDocument.Parse(File.ReadAllText(output));
        var root = result.RootElement;
        var expected = s_cbpe.GetProperty("chunks").EnumerateArray().ToArray();
        Assert.Equal(expected.Any(c => c.GetProperty("alerts").GetArrayLength() > 0) ? PerformanceCommand.AlertExitCode : 0, code);
        Assert.Equal(s_cbpe.GetProperty("fit").GetProperty("calibration").GetString(), root.GetProperty("calibration").GetString());
        foreach (var metric in s_cbpe.GetProperty("fit").GetProperty("metrics").EnumerateObject())
        {
            foreach (var field in metric.Value.EnumerateObject())
            {
                Assert.Equal(field.Value.GetDouble(), root.GetProperty("metrics").GetProperty(metric.Name).GetProperty(field.Name).GetDouble(), 1e-9);
            }
        }
        var chunks = root.GetProperty("chunks").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, chunks.Length);
        for (var i = 0; i < chunks.Length; i++)
        {
            Assert.Equal(expected[i].GetProperty("rows").GetInt32(), chunks[i].GetProperty("rows").GetInt32());
            foreach (var part in new[] { "estimated", "sampling_error" })
            {
                foreach (var value in expected[i].GetProperty(part).EnumerateObject())
                {
                    Assert.Equal(value.Value.GetDouble(), chunks[i].GetProperty(part).GetProperty(value.Name).GetDouble(), 1e-9);
                }
            }
            Assert.Equal(expected[i].GetProperty("alerts").EnumerateArray().Select(a => a.GetString()),
                chunks[i].GetProperty("alerts").EnumerateArray().Select(a => a.GetString()));
        }
        Assert.Contains("Estimated performance (CBPE)", File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("score,converted\n0.4,1\n1.5,0\n", "reference.csv row 2, column 'score': '1.5' is not a probability between 0 and 1.")]
    [InlineData("score,converted\n0.4,1\n0.5,maybe\n", "reference.csv row 2, column 'converted': 'maybe' is not one of 1, 0, true, false, yes, no.")]
    [InlineData("score,converted\n0.4,1\n0.5,\n", "reference.csv row 2, column 'converted': is empty (the reference needs every outcome).")]
    [InlineData("score\n0.4\n", "reference.csv: no 'converted' column (the reference needs outcomes).")]
    [InlineData("score,converted\n0.4,1\n0.6,1\n", "reference.csv: the reference needs both outcomes (0 and 1).")]
    public void Performance_BadReference_ExitsTwoNamingRowAndColumn(string text, string message)
    {
        var reference = Path.Combine(_dir, "reference.csv");
        File.WriteAllText(reference, text);
        var errors = new StringWriter();

        var code = PerformanceCommand.Run(reference, reference, 0.5, null, null, null, TextWriter.Null, errors);

        Assert.Equal(PerformanceCommand.BadInputExitCode, code);
        Assert.Contains(message, errors.ToString(), StringComparison.Ordinal);
    }
}
