using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;

namespace LeadScoring.Engine.Tests.Ingestion;

public sealed class ProcessedCsvTests
{
    private static readonly string s_header = string.Join(',', FeatureSchema.Names);

    // A valid row: every feature 0 except a few numerics in range.
    private static string Row(params (string Name, string Value)[] overrides)
    {
        var cells = FeatureSchema.Names.Select(_ => "0").ToArray();
        foreach (var (name, value) in overrides)
        {
            cells[FeatureSchema.IndexOf(name)] = value;
        }
        return string.Join(',', cells);
    }

    [Fact]
    public void Read_ProcessedWithLabel_ParsesRowsAndLabels()
    {
        var text = s_header + ",engaged\n" + Row(("llm_quality", "72.5"), ("companysize_2-10", "1")) + ",1\n" + Row() + ",\n";

        var result = LeadCsvReaderTests.Read(text);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(LeadBatchSchema.Processed, result.Schema);
        Assert.Equal(72.5, result.ProcessedRows[0][0]);
        Assert.Equal([1, null], result.Labels!);
    }

    [Fact]
    public void Read_ProcessedColumnsInOtherOrder_AreReorderedToModelOrder()
    {
        var names = FeatureSchema.Names.Reverse().ToArray();
        var values = names.Select(n => n == "jobtitle_length" ? "17" : "0");

        var result = LeadCsvReaderTests.Read(string.Join(',', names) + "\n" + string.Join(',', values) + "\n");

        Assert.True(result.Succeeded);
        Assert.Equal(17, result.ProcessedRows[0][FeatureSchema.IndexOf("jobtitle_length")]);
    }

    [Fact]
    public void Read_ProcessedMissingFeature_IsAnError()
    {
        var header = s_header.Replace(",companytype_UNKNOWN", "", StringComparison.Ordinal);
        var row = string.Join(',', Enumerable.Repeat("0", 46));

        var result = LeadCsvReaderTests.Read(header + "\n" + row + "\n");

        Assert.Equal(new CsvIssue(0, "companytype_UNKNOWN", "The processed feature column is missing."), Assert.Single(result.Errors));
        Assert.Empty(result.ProcessedRows);
    }

    [Theory]
    [InlineData("has_summary", "2", "'2' must be 0 or 1.")]
    [InlineData("summary_length", "-3", "'-3' must be a non-negative whole number.")]
    [InlineData("languages", "1.5", "'1.5' must be in [0, 1].")]
    [InlineData("llm_quality", "101", "'101' is out of range [0, 100].")]
    [InlineData("companyfoundedon", "NaN", "'NaN' is not a finite number.")]
    [InlineData("companyfoundedon", "", "is empty; processed features cannot be missing.")]
    public void Read_InvalidFeature_IsAnErrorNamingRowAndColumn(string name, string value, string message)
    {
        var result = LeadCsvReaderTests.Read(s_header + "\n" + Row() + "\n" + Row((name, value)) + "\n");

        Assert.Equal(new CsvIssue(2, name, message), Assert.Single(result.Errors));
    }

    [Fact]
    public void Read_TwoDummiesOfOneGroup_IsAnError()
    {
        var result = LeadCsvReaderTests.Read(s_header + "\n" + Row(("llm_seniority_Mid", "1"), ("llm_seniority_Senior", "1")) + "\n");

        Assert.Equal(new CsvIssue(1, "llm_seniority_*", "2 dummies of llm_seniority are 1; at most one may be."), Assert.Single(result.Errors));
    }
}
