using System.Text.Json;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Ingestion;

namespace LeadScoring.Engine.Tests.Ingestion;

public sealed class RawLeadValidatorTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData("""{"llm_quality":0,"llm_engagement":0.0,"llm_decision_maker":1.0,"llm_company_fit":2,"companyfoundedon":1200}""")]
    [InlineData("""{"llm_quality":80.0,"llm_company_fit":"2","not_a_field":"ignored"}""")]
    [InlineData("""{"companyfoundedon":"NaN"}""")]
    public void Validate_AcceptedByOriginalApi_HasNoErrors(string json)
    {
        Assert.Empty(RawLeadValidator.Validate(RawLeadJson.Parse(json)));
    }

    [Theory]
    [InlineData("""{"llm_quality":150}""", "llm_quality")]
    [InlineData("""{"llm_quality":-1}""", "llm_quality")]
    [InlineData("""{"llm_engagement":1.1}""", "llm_engagement")]
    [InlineData("""{"llm_decision_maker":-0.1}""", "llm_decision_maker")]
    [InlineData("""{"llm_company_fit":3}""", "llm_company_fit")]
    [InlineData("""{"llm_engagement":"NaN"}""", "llm_engagement")]
    [InlineData("""{"companyfoundedon":"Infinity"}""", "companyfoundedon")]
    public void Validate_OutOfBounds_NamesTheField(string json, string field)
    {
        Assert.Equal(field, Assert.Single(RawLeadValidator.Validate(RawLeadJson.Parse(json))).Field);
    }

    [Fact]
    public void Validate_SeveralBadFields_ReportsEach()
    {
        var lead = new RawLead { LlmQuality = 999, LlmEngagement = -0.1, JobTitle = new string('x', 501) };

        Assert.Equal(["llm_quality", "llm_engagement", "jobtitle"], RawLeadValidator.Validate(lead).Select(e => e.Field));
    }

    [Theory]
    [InlineData("""{"llm_quality":80.5}""")]
    [InlineData("""{"llm_quality":"high"}""")]
    public void Parse_NonWholeQuality_IsRejected(string json)
    {
        Assert.Throws<JsonException>(() => RawLeadJson.Parse(json));
    }
}
