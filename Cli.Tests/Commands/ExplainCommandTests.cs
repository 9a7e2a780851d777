using System.Globalization;
using LeadScoring.Cli.Commands;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Cli.Tests.Commands;

/// <summary>
/// The CLI on the original model against the literals of Engine.Tests/Explanations/interventional_shap_reference.py
/// (onnx + numpy, brute-force coalitions): background = the first 20 of the 303 real leads, explained = lead 100.
/// </summary>
public sealed class ExplainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("explain-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Lines(string name, IEnumerable<int> rows)
    {
        var all = File.ReadAllLines(TestPaths.Shared("data", "original", "pipeline_output.csv"));
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, [all[0], .. rows.Select(r => all[r + 1])]);
        return path;
    }

    [SharedDataFact]
    public void Explain_OriginalModel_EqualsTheIndependentEnumeration_AndAddsUpToTheScore()
    {
        var output = Path.Combine(_dir, "out.csv");

        var code = ExplainCommand.Run(TestPaths.Shared("data", "original", "model.onnx"), Lines("bg.csv", Enumerable.Range(0, 20)),
            Lines("leads.csv", [100]), output, byRawColumn: false, TextWriter.Null);

        Assert.Equal(0, code);
        var lines = File.ReadAllLines(output);
        var header = lines[0].Split(',');
        var values = lines[1].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(["score", "base_value"], header[..2]);
        Assert.Equal(49, header.Length);
        Assert.Equal(0.174815108437042, values[1], 9);
        Assert.Equal(1.4354589237351285, values[2 + 3], 9);   // feature 3
        Assert.Equal(1.785122208328304, values[2 + 7], 9);    // feature 7
        Assert.Equal(-0.7230645416362615, values[2 + 9], 9);  // feature 9
        // base + Σφ = margin 3.0643562337520507, and σ(margin) is the score.
        Assert.Equal(3.0643562337520507, values[1] + values[2..].Sum(), 9);
        Assert.Equal(1 / (1 + Math.Exp(-3.0643562337520507)), values[0], 9);

        var rawOutput = Path.Combine(_dir, "raw.csv");
        Assert.Equal(0, ExplainCommand.Run(TestPaths.Shared("data", "original", "model.onnx"), Lines("bg.csv", Enumerable.Range(0, 20)),
            Lines("leads.csv", [100]), rawOutput, byRawColumn: true, TextWriter.Null));
        var raw = File.ReadAllLines(rawOutput);
        Assert.Equal(2 + 19, raw[0].Split(',').Length);
        Assert.Equal(3.0643562337520507, raw[1].Split(',').Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).Sum(), 9);
    }

    [Fact]
    public void Explain_NotATreeEnsemble_ExitsTwoWithTheReason()
    {
        var model = Path.Combine(_dir, "model.onnx");
        File.WriteAllBytes(model, [1, 2, 3]);
        var errors = new StringWriter();

        Assert.Equal(2, ExplainCommand.Run(model, model, model, null, false, TextWriter.Null, errors));
        Assert.StartsWith("error: ", errors.ToString(), StringComparison.Ordinal);
    }
}
