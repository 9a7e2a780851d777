using System.Net;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Api;

[Trait("Store", "both")]
public sealed class ExplanationApiTests(BootstrapKeyAppFactory factory) : IClassFixture<BootstrapKeyAppFactory>
{
    private const string Leads = """{"leads": [{"llm_quality": 85, "llm_seniority": "Senior", "companysize": "11-50"}, {"llm_quality": 20, "llm_engagement": 0.1}]}""";

    private HttpClient KeyClient()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", BootstrapKeyAppFactory.BootstrapKey);
        return client;
    }

    [Fact]
    public async Task Explain_TwoLeads_ContributionsAddUpToTheServedScore()
    {
        var predicted = await factory.CreateClient().PostAsync("/predict/batch", new StringContent(Leads, Encoding.UTF8, "application/json"));
        using var predictions = JsonDocument.Parse(await predicted.Content.ReadAsStringAsync());

        var response = await KeyClient().PostAsync("/api/explain", new StringContent(Leads, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetArrayLength());
        for (var i = 0; i < 2; i++)
        {
            var e = body.RootElement[i].GetProperty("explanation");
            var score = e.GetProperty("score").GetDouble();
            // The served score (rounded to 4 decimals by the original contract) is the explained one.
            Assert.Equal(predictions.RootElement.GetProperty("predictions")[i].GetProperty("score").GetDouble(), Math.Round(score, 4), 10);
            // Local accuracy: base + Σφ over the raw columns is the margin, σ(margin) the score.
            var margin = e.GetProperty("base_value").GetDouble() + e.GetProperty("raw_columns").EnumerateArray().Sum(f => f.GetProperty("phi").GetDouble());
            Assert.Equal(score, 1 / (1 + Math.Exp(-margin)), 6);
            Assert.Equal(19, e.GetProperty("raw_columns").GetArrayLength());
            Assert.Equal(47, e.GetProperty("features").GetArrayLength());
            var magnitudes = e.GetProperty("raw_columns").EnumerateArray().Select(f => Math.Abs(f.GetProperty("phi").GetDouble())).ToArray();
            Assert.Equal(magnitudes.OrderByDescending(m => m), magnitudes); // sorted by |φ|
        }
    }

    [Fact]
    public async Task StoredPrediction_IsExplainedWithTheVersionThatScoredIt_MissingIs404()
    {
        var leadId = "why-" + Guid.NewGuid().ToString("N");
        await factory.CreateClient().PostAsync("/predict", new StringContent($$"""{"llm_quality": 70, "lead_id": "{{leadId}}"}""", Encoding.UTF8, "application/json"));
        long id = 0;
        for (var i = 0; i < 100 && id == 0; i++)
        {
            await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
            id = await db.Predictions.Where(p => p.LeadId == leadId).Select(p => p.Id).SingleOrDefaultAsync();
            await Task.Delay(id == 0 ? 100 : 0);
        }
        double storedScore;
        await using (var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext())
        {
            storedScore = await db.Predictions.Where(p => p.Id == id).Select(p => p.Score).SingleAsync();
        }

        var response = await KeyClient().GetAsync($"/api/predictions/{id}/explanation");
        var missing = await KeyClient().GetAsync("/api/predictions/999999999/explanation");
        var anonymous = await factory.CreateClient().GetAsync($"/api/predictions/{id}/explanation");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(storedScore, body.RootElement.GetProperty("explanation").GetProperty("score").GetDouble(), 6);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Explain_InvalidLead_422NamesTheField()
    {
        var response = await KeyClient().PostAsync("/api/explain", new StringContent("""{"leads": [{"llm_quality": 500}]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("llm_quality", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
