using System.Text;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Ingestion;

public sealed class LeadCsvReaderTests
{
    private const string RawHeader = "llm_quality,llm_seniority,llm_engagement,llm_decision_maker,llm_industry,llm_geography," +
        "llm_business_type,llm_company_fit,industry,companyindustry,companysize,companytype,languages,location," +
        "companylocation,companyfoundedon,summary,skills,jobtitle,engaged";

    private const string GoodRow = "85,Senior,0.8,0.85,Technology - SaaS,international_hub,leaders,1,IT,Software,1001-5000," +
        "Public Company,\"Arabic, English\",\"Paris, France\",\"Paris, FR\",,Summary,\"a, b, c\",Lead Engineer,1";

    // Most cases here use a few raw columns to show one rule; refusing files with missing columns is CsvContractTests'.
    private static readonly CsvReadOptions s_fewColumns = new() { AllowMissingColumns = true };

    internal static LeadBatchParseResult Read(string text, CsvReadOptions? options = null) =>
        LeadCsvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), options ?? s_fewColumns);

    private static string Raw(params string[] rows) => RawHeader + "\n" + string.Join("\n", rows) + "\n";

    private static string WithCell(string column, string value)
    {
        var names = RawHeader.Split(',');
        var cells = new List<string>(GoodRow.Replace("\"Arabic, English\"", "A", StringComparison.Ordinal)
            .Replace("\"Paris, France\"", "P", StringComparison.Ordinal).Replace("\"Paris, FR\"", "PF", StringComparison.Ordinal)
            .Replace("\"a, b, c\"", "abc", StringComparison.Ordinal).Split(','));
        cells[Array.IndexOf(names, column)] = value;
        return string.Join(',', cells);
    }

    [SharedDataFact]
    public void Read_RealRawFile_Gives303LeadsWithLabels()
    {
        var result = LeadCsvReader.ReadFile(TestPaths.Shared("data", "linkedin_leads_clean.csv"));

        Assert.True(result.Succeeded);
        Assert.Equal(LeadBatchSchema.Raw, result.Schema);
        Assert.Equal(303, result.RowCount);
        Assert.Equal(0, result.WarningCount);
        Assert.Equal(121, result.Labels!.Count(l => l == 1)); // spec §1.1: 121 positives
        Assert.Equal(82, result.RawRows.Count(r => r.Summary is null)); // spec §1.2: 27.1 % (82) missing
        Assert.Contains(result.RawRows, r => r.Summary?.Contains('\n', StringComparison.Ordinal) == true);
    }

    [SharedDataFact]
    public void Read_TrainingReference_IsProcessedWith100Rows()
    {
        var result = LeadCsvReader.ReadFile(TestPaths.Shared("data", "training_reference.csv"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(LeadBatchSchema.Processed, result.Schema);
        Assert.Equal(100, result.ProcessedRows.Count);
        Assert.Null(result.Labels);
        Assert.Equal(0.34885096925854153, result.ProcessedRows[0][FeatureSchema.IndexOf("languages")]);
        Assert.Equal(100 * 47, result.ProcessedRowMajor().Length);
    }

    [SharedDataFact]
    public void Read_PipelineOutputWithExtraColumns_WarnsAndIgnoresThem()
    {
        var result = LeadCsvReader.ReadFile(TestPaths.Shared("data", "original", "pipeline_output.csv"));

        Assert.True(result.Succeeded);
        Assert.Equal(LeadBatchSchema.Processed, result.Schema);
        Assert.Equal(["row", "score"], result.Warnings.Select(w => w.Column));
    }

    [Fact]
    public void Read_SemicolonDelimiterAndBom_AreDetected()
    {
        var text = "\uFEFF" + Raw(GoodRow).Replace(',', ';').Replace("\"Arabic; English\"", "\"Arabic, English\"", StringComparison.Ordinal);

        var result = Read(text);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(85, result.RawRows[0].LlmQuality);
        Assert.Equal("Arabic, English", result.RawRows[0].Languages);
    }

    [Fact]
    public void Read_QuotedNewlines_RowNumbersCountRecordsNotLines()
    {
        var multiLine = WithCell("summary", "\"line one\nline two\n#not a comment\"");
        var bad = WithCell("llm_quality", "150");

        var result = Read(Raw(multiLine, bad));

        var error = Assert.Single(result.Errors);
        Assert.Equal(new CsvIssue(2, "llm_quality", "'150' is out of range [0, 100]."), error);
        Assert.Empty(result.RawRows);
    }

    [Fact]
    public void Read_GoodRow_KeepsStringsExactAndParsesNumbers()
    {
        var result = Read(Raw(WithCell("llm_business_type", " leaders "), WithCell("llm_quality", "80.0")));

        Assert.True(result.Succeeded);
        Assert.Equal(" leaders ", result.RawRows[0].LlmBusinessType);
        Assert.Equal(80, result.RawRows[1].LlmQuality);
        Assert.Null(result.RawRows[0].CompanyFoundedOn);
        Assert.Equal(1, result.RawRows[0].Engaged);
    }

    [Theory]
    [InlineData("llm_quality", "80.5", "'80.5' is not a whole number.")]
    [InlineData("llm_quality", "-1", "'-1' is out of range [0, 100].")]
    [InlineData("llm_quality", "high", "'high' is not a number.")]
    [InlineData("llm_engagement", "1.1", "'1.1' is out of range [0, 1].")]
    [InlineData("llm_decision_maker", "-0.1", "'-0.1' is out of range [0, 1].")]
    [InlineData("llm_company_fit", "3", "'3' is out of range [0, 2].")]
    [InlineData("companyfoundedon", "Infinity", "'Infinity' is not a finite number.")]
    [InlineData("companyfoundedon", "1e400", "'1e400' is not a finite number.")]
    [InlineData("engaged", "yes", "'yes' must be 0 or 1 (or empty when unknown).")]
    public void Read_InvalidCell_IsAnErrorNamingRowAndColumn(string column, string value, string message)
    {
        var result = Read(Raw(GoodRow, WithCell(column, value)));

        Assert.False(result.Succeeded);
        Assert.Equal(new CsvIssue(2, column, message), Assert.Single(result.Errors));
        Assert.Empty(result.RawRows);
        Assert.Null(result.Labels);
    }

    [Theory]
    [InlineData("summary", 10_000, true)]
    [InlineData("summary", 10_001, false)]
    [InlineData("skills", 5_001, false)]
    [InlineData("jobtitle", 500, true)]
    [InlineData("jobtitle", 501, false)]
    public void Read_TextLength_IsCheckedInCodePoints(string column, int codePoints, bool accepted)
    {
        // Astral characters: 2 UTF-16 units each, so only code-point counting accepts the maximum.
        var text = string.Concat(Enumerable.Repeat("😀", codePoints));

        var result = Read(Raw(WithCell(column, text)));

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.Equal($"text is {codePoints} code points long; the maximum is {codePoints - 1}.", Assert.Single(result.Errors).Message);
        }
    }

    [Fact]
    public void Read_NaNInRawNumeric_IsMissingWithWarning()
    {
        var result = Read(Raw(WithCell("companyfoundedon", "NaN")));

        Assert.True(result.Succeeded);
        Assert.Null(result.RawRows[0].CompanyFoundedOn);
        Assert.Equal(new CsvIssue(1, "companyfoundedon", "NaN is treated as missing (imputed with the median)."), Assert.Single(result.Warnings));
    }

    [Fact]
    public void Read_RawWithMissingColumnsAllowedAndUnknownColumns_WarnsAndTreatsMissingAsNull()
    {
        var result = Read("llm_quality,jobtitle,favourite_colour\n50,CTO,blue\n");

        Assert.True(result.Succeeded);
        Assert.Equal(LeadBatchSchema.Raw, result.Schema);
        Assert.Null(result.Labels);
        Assert.Equal("CTO", result.RawRows[0].JobTitle);
        Assert.Null(result.RawRows[0].Summary);
        Assert.Equal(17, result.Warnings.Count(w => w.Message.StartsWith("The raw column is missing", StringComparison.Ordinal)));
        Assert.Contains(new CsvIssue(0, "favourite_colour", "Unknown column, ignored."), result.Warnings);
    }

    [Fact]
    public void Read_DuplicatedColumn_IsAnError()
    {
        var result = Read("llm_quality,jobtitle,llm_quality\n50,CTO,60\n");

        Assert.Equal(new CsvIssue(0, "llm_quality", "The column appears more than once (at positions 1, 3)."), Assert.Single(result.Errors));
        Assert.Empty(result.RawRows);
    }

    [Fact]
    public void Read_RaggedRow_IsAnError()
    {
        var result = Read("llm_quality,jobtitle\n50,CTO\n60\n70,CEO,extra\n");

        Assert.Equal(
            [new CsvIssue(2, null, "The row has 1 fields but the header has 2."), new CsvIssue(3, null, "The row has 3 fields but the header has 2.")],
            result.Errors);
    }

    [Fact]
    public void Read_BlankLines_AreNotRecords()
    {
        var result = Read("llm_quality,jobtitle\n50,CTO\n\n60,CEO\n\n");

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.RowCount);
    }

    [Fact]
    public void Read_ManyErrors_KeepsCappedMessagesButCountsAll()
    {
        var rows = Enumerable.Range(0, 500).Select(_ => "150,CTO");

        var result = Read("llm_quality,jobtitle\n" + string.Join("\n", rows), new CsvReadOptions { MaxIssueMessages = 10, AllowMissingColumns = true });

        Assert.Equal(10, result.Errors.Count);
        Assert.Equal(500, result.ErrorCount);
        Assert.Equal(500, result.RowCount);
        Assert.Empty(result.RawRows);
    }

    [Fact]
    public void Read_MoreRowsThanLimit_IsRejected()
    {
        var result = Read("llm_quality\n1\n2\n3\n", new CsvReadOptions { MaxRows = 2, AllowMissingColumns = true });

        Assert.Equal(new CsvIssue(3, null, "The file has more than 2 data rows, the limit (Uploads:MaxRows)."), Assert.Single(result.Errors));
    }

    [Theory]
    [InlineData("", "Header: The file is empty: it has no header row.")]
    [InlineData("a,b\n1,2\n", "Header: The header matches neither the raw lead schema")]
    public void Read_UnusableFile_IsRejected(string text, string messageStart)
    {
        var result = Read(text);

        Assert.StartsWith(messageStart, Assert.Single(result.Errors).ToString(), StringComparison.Ordinal);
        Assert.Null(result.Schema);
    }

    [Fact]
    public void Read_MalformedQuotes_IsAnErrorNotAnException()
    {
        var result = Read("llm_quality,jobtitle\n50,\"CTO\" x\n60,\"unterminated\n");

        Assert.False(result.Succeeded);
        Assert.All(result.Errors, e => Assert.True(e.Row >= 1));
    }

    [Fact]
    public void Read_HeaderOnly_SucceedsWithNoRowsAndAWarning()
    {
        var result = Read(RawHeader + "\n");

        Assert.True(result.Succeeded);
        Assert.Equal(0, result.RowCount);
        Assert.Equal("The file has a header but no data rows.", Assert.Single(result.Warnings).Message);
    }
}
