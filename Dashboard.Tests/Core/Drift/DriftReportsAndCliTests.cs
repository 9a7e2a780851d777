using System.Globalization;
using LeadScoring.Cli.Commands;
using LeadScoring.Core.Drift;
using LeadScoring.Core.Drift.Reports;
using static LeadScoring.Dashboard.Tests.Core.Drift.DriftTestData;
using static LeadScoring.Dashboard.Tests.Core.Statistics.StatisticsTestData;

namespace LeadScoring.Dashboard.Tests.Core.Drift;

public sealed class DriftReportsAndCliTests : IDisposable
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
    public void HtmlReport_EncodesUploadedTextAndHasNoExternalLinks()
    {
        var hostile = "<script>alert(1)</script>";
        var reference = new DriftDataset([new CategoricalDriftColumn(hostile, Enumerable.Repeat<string?>("<img src=x>", 20).ToArray())]);
        var current = new DriftDataset([new CategoricalDriftColumn(hostile, Enumerable.Repeat<string?>("\"quoted\" & <i onmouseover=x>", 20).ToArray())]);
        var html = DriftHtmlReport.Render(DriftDetector.Run(reference, current));
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<i onmouseover", html);
        Assert.Contains("&amp; &lt;i onmouseover", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("http", html);
        Assert.Contains("<svg", html);
    }

    [Fact]
    public void MarkdownReport_ListsEveryColumnAndEscapesPipes()
    {
        var data = new DriftDataset([Float("a|b", Lcg(50, 1)), Float("c", Lcg(50, 2))]);
        var md = DriftMarkdownReport.Render(DriftDetector.Run(data, new DriftDataset([Float("a|b", Lcg(40, 3)), Float("c", Lcg(40, 4, 1, 2))])));
        Assert.Contains("a\\|b", md);
        Assert.Contains("| c |", md);
        Assert.Contains("KS p-value", md);
    }

    [Fact]
    public void CsvReader_InfersTypesLikePandas()
    {
        var path = Write("t.csv", Csv("f,i,s,m,x", ["1.5,1,a,1,inf", "2,2,b,,3", "3,3,c,3,NaN"]));
        var ds = DriftCsvReader.Read(path);
        Assert.False(((NumericDriftColumn)ds.Find("f")!).IsInteger);
        Assert.True(((NumericDriftColumn)ds.Find("i")!).IsInteger);
        Assert.IsType<CategoricalDriftColumn>(ds.Find("s"));
        Assert.False(((NumericDriftColumn)ds.Find("m")!).IsInteger); // a missing value makes pandas use float64
        Assert.True(double.IsPositiveInfinity(((NumericDriftColumn)ds.Find("x")!).Values[0]));
    }

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
