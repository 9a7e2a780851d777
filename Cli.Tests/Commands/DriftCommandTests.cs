using System.Globalization;
using LeadScoring.Cli.Commands;
using LeadScoring.Engine.Drift;
using static LeadScoring.Engine.Tests.Statistics.StatisticsTestData;
namespace LeadScoring.Cli.Tests.Commands;

public sealed class DriftCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drift-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Csv(string header, IEnumerable<string> rows) => header + "\n" + string.Join("\n", rows) + "\n";

    [Fact]
    public void Cli_RedAlert_ExitsOneAndWritesJson()
    {
        var reference = Write("r.csv", Csv("x,c", Lcg(200, 5).Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{v},{(i % 2 == 0 ? "a" : "b")}"))));
        var current = Write("c.csv", Csv("x,c,extra", Lcg(150, 6, 1, 0.7).Select(v => string.Create(CultureInfo.InvariantCulture, $"{v},z,1"))));
        var output = Path.Combine(_dir, "out.json");
        var code = DriftCommand.Run(reference, current, "json", "evidently", output, false, TextWriter.Null);
        Assert.Equal(DriftCommand.RedExitCode, code);
        var report = DriftReportJson.Deserialize(File.ReadAllText(output));
        Assert.Equal(2, report.DriftedColumns);
        Assert.Equal(DriftAlertLevel.Red, report.AlertLevel);
    }

    [Fact]
    public void Cli_NoDrift_ExitsZero()
    {
        var reference = Write("r.csv", Csv("x", Lcg(200, 5).Select(v => v.ToString(CultureInfo.InvariantCulture))));
        var sw = new StringWriter();
        Assert.Equal(0, DriftCommand.Run(reference, reference, "markdown", "evidently", null, false, sw));
        Assert.Contains("GREEN", sw.ToString());
    }

    [Theory]
    [InlineData("missing.csv", "json", "evidently")]
    [InlineData("r.csv", "pdf", "evidently")]
    [InlineData("r.csv", "json", "other")]
    [InlineData("nocommon.csv", "json", "evidently")]
    public void Cli_BadInput_ExitsTwo(string current, string format, string profile)
    {
        var reference = Write("r.csv", Csv("x", ["1", "2", "3"]));
        Write("nocommon.csv", Csv("y", ["1"]));
        Assert.Equal(DriftCommand.BadInputExitCode, DriftCommand.Run(reference, Path.Combine(_dir, current), format, profile, null, false, TextWriter.Null));
    }

    [Fact]
    public void Cli_ParsesCommandLineThroughRootCommand()
    {
        var reference = Write("r.csv", Csv("x", Lcg(100, 5).Select(v => v.ToString(CultureInfo.InvariantCulture))));
        var output = Path.Combine(_dir, "o.html");
        var code = LeadScoring.Cli.Program.BuildRootCommand()
            .Parse(["drift", "--reference", reference, "--current", reference, "--format", "html", "--output", output]).Invoke();
        Assert.Equal(0, code);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(output));
        Assert.Equal(2, LeadScoring.Cli.Program.BuildRootCommand().Parse(["drift", "--reference", reference]).Invoke());
    }
}
