using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Drift.Reports;
using static LeadScoring.Engine.Tests.Drift.DriftTestData;
using static LeadScoring.Engine.Tests.Statistics.StatisticsTestData;

namespace LeadScoring.Engine.Tests.Drift;

public sealed class DriftReportsTests : IDisposable
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
}
