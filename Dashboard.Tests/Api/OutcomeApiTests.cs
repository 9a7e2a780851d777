using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Api;

[Trait("Store", "both")]
public sealed class OutcomeApiTests(BootstrapKeyAppFactory factory) : IClassFixture<BootstrapKeyAppFactory>
{
    private HttpClient KeyClient()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", BootstrapKeyAppFactory.BootstrapKey);
        return client;
    }

    private async Task<T> QueryAsync<T>(Func<LeadScoringDbContext, Task<T>> query)
    {
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        return await query(db);
    }

    // /predict answers before its prediction is written (a background writer): wait until it is there.
    private async Task WaitForLeadAsync(string leadId)
    {
        for (var i = 0; i < 100 && !await QueryAsync(db => db.Predictions.AnyAsync(p => p.LeadId == leadId)); i++)
        {
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Predict_WithLeadIdAndRequestId_StoresBoth_ThenAnOutcomeLabelsIt()
    {
        var leadId = "crm-" + Guid.NewGuid().ToString("N");
        using var predict = new HttpRequestMessage(HttpMethod.Post, "/predict")
        {
            Content = new StringContent($$"""{"llm_quality": 80, "lead_id": "{{leadId}}"}""", Encoding.UTF8, "application/json"),
        };
        predict.Headers.Add("X-Request-ID", "req-42");
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().SendAsync(predict)).StatusCode);
        await WaitForLeadAsync(leadId);

        var response = await KeyClient().PostAsync("/api/outcomes",
            new StringContent($$"""[{"lead_id": "{{leadId}}", "converted": true}, {"lead_id": "nobody", "converted": false}]""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("received").GetInt32());
        Assert.Equal(1, body.RootElement.GetProperty("matched").GetInt32());
        Assert.Equal(["nobody"], body.RootElement.GetProperty("unmatched").GetProperty("lead_ids").EnumerateArray().Select(e => e.GetString()));
        var stored = await QueryAsync(db => db.Predictions.AsNoTracking().SingleAsync(p => p.LeadId == leadId));
        Assert.Equal(("req-42", 1), (stored.RequestId, stored.ActualEngaged));
    }

    [Fact]
    public async Task Outcomes_AsCsv_AreAccepted()
    {
        var leadId = "csv-" + Guid.NewGuid().ToString("N");
        await factory.CreateClient().PostAsync("/predict/batch",
            new StringContent($$"""{"leads": [{"lead_id": "{{leadId}}"}]}""", Encoding.UTF8, "application/json"));
        await WaitForLeadAsync(leadId);

        var response = await KeyClient().PostAsync("/api/outcomes",
            new StringContent($"lead_id,converted,observed_at\n{leadId},no,{DateTimeOffset.UtcNow.AddMinutes(1):O}\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await QueryAsync(db => db.Predictions.Where(p => p.LeadId == leadId).Select(p => p.ActualEngaged).SingleAsync()));
    }

    [Fact]
    public async Task Outcomes_InvalidRows_Answer422NamingRowAndColumn_AndStoreNothing()
    {
        var before = await QueryAsync(db => db.Outcomes.CountAsync());

        var response = await KeyClient().PostAsync("/api/outcomes",
            new StringContent("""[{"lead_id": "x1", "converted": true}, {"lead_id": "x2", "converted": "perhaps"}]""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var issue = Assert.Single(body.RootElement.GetProperty("detail").EnumerateArray());
        Assert.Equal((2, "converted"), (issue.GetProperty("row").GetInt32(), issue.GetProperty("column").GetString()));
        Assert.Contains("nothing was stored", body.RootElement.GetProperty("message").GetString());
        Assert.Equal(before, await QueryAsync(db => db.Outcomes.CountAsync()));
    }

    [Fact]
    public async Task Outcomes_WithoutKeyOrSignIn_Answer401()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/outcomes", new[] { new { lead_id = "a", converted = true } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Predict_LeadIdTooLong_Answers422NamingTheField()
    {
        var response = await factory.CreateClient().PostAsync("/predict",
            new StringContent($$"""{"lead_id": "{{new string('x', 129)}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["body", "lead_id"], body.RootElement.GetProperty("detail")[0].GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
    }
}
