using System.Text;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Ingestion;

namespace LeadScoring.Engine.Tests.Ingestion;

/// <summary>Files that are not UTF-8, and raw files missing columns: refused with the row and column named.</summary>
public sealed class CsvContractTests
{
    private static readonly string s_fullHeader = string.Join(',', RawSchema.Leads.Columns.Select(c => c.Name));

    private static string FullRow(string jobTitle) =>
        string.Join(',', RawSchema.Leads.Columns.Select(c => c.Name == "jobtitle" ? jobTitle : c.IsNumeric ? "" : "x"));

    private static byte[] Windows1252(string text) =>
        // "é" as the single byte 0xE9, as Excel's plain "CSV" save writes it on a Western Windows.
        [.. text.SelectMany(c => c == 'é' ? [(byte)0xE9] : Encoding.UTF8.GetBytes(c.ToString()))];

    private static LeadBatchParseResult Read(byte[] bytes, bool allowMissing = false) =>
        LeadCsvReader.Read(new MemoryStream(bytes), new CsvReadOptions { AllowMissingColumns = allowMissing });

    [Fact]
    public void Read_Windows1252Cell_IsRefusedNamingRowAndColumnAndCsvUtf8()
    {
        var text = $"{s_fullHeader}\n{FullRow("CTO")}\n{FullRow("Directeur général")}\n{FullRow("Chef d'équipe")}\n";

        var result = Read(Windows1252(text));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Row);
        Assert.Equal("jobtitle", error.Column);
        Assert.Contains("CSV UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.RawRows);
    }

    [Fact]
    public void Read_Windows1252AfterAUtf8Bom_IsStillRefused()
    {
        var text = $"{s_fullHeader}\n{FullRow("Directeur général")}\n";

        var result = Read([0xEF, 0xBB, 0xBF, .. Windows1252(text)]);

        Assert.Equal(new CsvIssue(1, "jobtitle", result.Errors[0].Message), Assert.Single(result.Errors));
    }

    [Fact]
    public void Read_Windows1252HeaderName_IsRefusedNamingItsPosition()
    {
        var result = Read(Windows1252($"{s_fullHeader},catégorie\n{FullRow("CTO")},a\n"));

        var error = Assert.Single(result.Errors);
        Assert.Equal((0, $"column {RawSchema.Leads.Columns.Count + 1}"), (error.Row, error.Column));
        Assert.Contains("CSV UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ValidUtf8Accents_AreKept()
    {
        var result = Read(Encoding.UTF8.GetBytes($"{s_fullHeader}\n{FullRow("Directeur général")}\n"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("Directeur général", result.RawRows[0].JobTitle);
    }

    [Fact]
    public void Read_RawFileMissingAColumn_IsRefused()
    {
        var header = s_fullHeader.Replace("companysize,", "", StringComparison.Ordinal);
        var row = string.Join(',', RawSchema.Leads.Columns.Where(c => c.Name != "companysize").Select(c => c.IsNumeric ? "" : "x"));

        var result = Read(Encoding.UTF8.GetBytes($"{header}\n{row}\n"));

        var error = Assert.Single(result.Errors);
        Assert.Equal((0, "companysize"), (error.Row, error.Column));
        Assert.StartsWith("The raw column is missing.", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.RawRows);
    }

    [Theory]
    [InlineData("company_size")]
    [InlineData("CompanySize")]
    [InlineData("comapnysize")]
    public void Read_MissingColumnSpelledDifferently_SaysDidYouMean(string spelling)
    {
        var header = s_fullHeader.Replace("companysize", spelling, StringComparison.Ordinal);
        var row = string.Join(',', RawSchema.Leads.Columns.Select(c => c.IsNumeric ? "" : "x"));

        var strict = Read(Encoding.UTF8.GetBytes($"{header}\n{row}\n"));
        var lenient = Read(Encoding.UTF8.GetBytes($"{header}\n{row}\n"), allowMissing: true);

        Assert.Contains($"Did you mean '{spelling}'?", Assert.Single(strict.Errors).Message, StringComparison.Ordinal);
        Assert.True(lenient.Succeeded);
        Assert.Contains(lenient.Warnings, w => w.Column == "companysize" && w.Message.Contains($"Did you mean '{spelling}'?", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_MissingColumnsAllowed_KeepsTheWarningBehaviour()
    {
        var result = Read("llm_quality,jobtitle\n50,CTO\n"u8.ToArray(), allowMissing: true);

        Assert.True(result.Succeeded);
        Assert.Equal(17, result.WarningCount);
        Assert.Null(result.RawRows[0].Summary);
    }
}
