using System.Text.Json;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Domain;

/// <summary>The raw schema is defined once: a column added to it reaches the readers, the validator, the medians and the docs.</summary>
public sealed class RawSchemaTests
{
    private static readonly RawSchema s_withFollowers = new(
        [.. RawSchema.Leads.Columns, new RawColumn("followers", RawColumnKind.Integer, "LinkedIn followers", 0, 1_000_000)]);

    [Fact]
    public void AddedColumn_CsvReader_ParsesAndValidatesIt()
    {
        var header = string.Join(',', s_withFollowers.Columns.Select(c => c.Name));
        var blanks = new string(',', RawSchema.Leads.Columns.Count - 1);
        var csv = $"{header}\n80{blanks},120\n70{blanks},-5\n60{blanks},1.5\n";

        var result = LeadCsvReader.Read(new StringReader(csv), new CsvReadOptions { RawColumns = s_withFollowers });

        Assert.Equal(LeadBatchSchema.Raw, result.Schema);
        Assert.Equal([(2, "followers"), (3, "followers")], result.Errors.Select(e => (e.Row, e.Column!)));
        Assert.Contains("out of range [0, 1000000]", result.Errors[0].Message);
        Assert.Contains("not a whole number", result.Errors[1].Message);
        Assert.DoesNotContain(result.Warnings, w => w.Column == "followers"); // a known column, not "unknown"
    }

    [Fact]
    public void AddedColumn_ValidRows_KeepTheirValue()
    {
        var header = string.Join(',', s_withFollowers.Columns.Select(c => c.Name));
        var blanks = new string(',', RawSchema.Leads.Columns.Count - 1);

        var result = LeadCsvReader.Read(new StringReader($"{header}\n80{blanks},120\n"), new CsvReadOptions { RawColumns = s_withFollowers });

        var lead = Assert.Single(result.RawRows);
        Assert.Equal(120, lead.GetNumber("followers"));
        Assert.Equal(80, lead.LlmQuality);
    }

    [Fact]
    public void AddedColumn_JsonValidator_NamesTheField()
    {
        using var body = JsonDocument.Parse("""{"llm_quality": 80, "followers": 2000000}""");
        var errors = new List<ApiFieldError>();

        Assert.Null(LeadJsonValidator.Read(body.RootElement, ["body"], errors, s_withFollowers));

        var error = Assert.Single(errors);
        Assert.Equal(["body", "followers"], error.Loc);
        Assert.Contains("out of range", error.Msg);
    }

    [Fact]
    public void AddedColumn_Medians_IncludeIt()
    {
        var leads = new[] { 10.0, 40.0, 20.0, double.NaN }
            .Select(f => RawLead.FromValues(s_withFollowers, [.. new double?[RawSchema.Leads.Columns.Count], f], new string?[s_withFollowers.Columns.Count]))
            .ToList();

        var medians = NumericMedians.Fit(leads);

        // numpy.nanmedian([10, 40, 20, nan]) = 20.0
        Assert.Equal(20.0, medians["followers"]);
        Assert.Equal(RawSchema.Leads.NumericColumns.Count + 1, medians.Values.Count);
    }

    [Fact]
    public void AddedColumn_Documentation_ListsIt()
    {
        Assert.Contains("| `followers` | integer | 0 … 1000000 | LinkedIn followers |", s_withFollowers.ToMarkdownTable());
    }

    [Fact]
    public void DomainReadme_SchemaTable_IsGeneratedFromTheSchema()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "Engine", "Domain", "README.md"));

        Assert.Contains(RawSchema.Leads.ToMarkdownTable(), readme.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void RawLead_With_CopiesValuesInsteadOfSharingThem()
    {
        var lead = new RawLead { LlmQuality = 80, Summary = "a" };

        var copy = lead with { LlmQuality = 10 };

        Assert.Equal(80, lead.LlmQuality);
        Assert.Equal(10, copy.LlmQuality);
        Assert.Equal("a", copy.Summary);
        Assert.Equal(lead, lead with { });
    }
}
