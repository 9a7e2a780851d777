using System.Net;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Api;

[Trait("Store", "both")]
public sealed class PerformanceApiTests(BootstrapKeyAppFactory factory) : IClassFixture<BootstrapKeyAppFactory>
{
    private HttpClient KeyClient()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", BootstrapKeyAppFactory.BootstrapKey);
        return client;
    }

    [Fact]
    public async Task Performance_AfterPredictionsAndOutcomes_RealizedWithIntervalsBesideTheEstimate()
    {
        // 300 leads through the public API, then their outcomes: converted when llm_quality is high.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var leads = Enumerable.Range(0, 300).Select(i => $$"""{"lead_id": "p{{tag}}-{{i}}", "llm_quality": {{i % 101}}, "llm_engagement": {{(i % 10) / 10.0}}}""");
        var predicted = await factory.CreateClient().PostAsync("/predict/batch",
            new StringContent($$"""{"leads": [{{string.Join(",", leads)}}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        for (var wait = 0; wait < 100 && await CountAsync(tag) < 300; wait++)
        {
            await Task.Delay(100);
        }
        var csv = "lead_id,converted\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"p{tag}-{i},{(i % 101 > 50 ? "yes" : "no")}\n"));
        Assert.Equal(HttpStatusCode.OK, (await KeyClient().PostAsync("/api/outcomes", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);

        var response = await KeyClient().GetAsync("/api/performance?bucket=day");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.True(root.GetProperty("labelled").GetInt32() >= 300);
        Assert.Equal("day", root.GetProperty("bucket").GetString());
        Assert.Contains(root.GetProperty("calibration").GetString(), new[] { "isotonic", "none" });
        Assert.False(root.GetProperty("label_rule").GetProperty("absent_means_negative").GetBoolean());
        var auc = root.GetProperty("realized").GetProperty("metrics").GetProperty("roc_auc");
        Assert.True(auc.GetProperty("lower").GetDouble() <= auc.GetProperty("value").GetDouble());
        Assert.True(auc.GetProperty("value").GetDouble() <= auc.GetProperty("upper").GetDouble());
        var bucket = root.GetProperty("buckets")[0];
        Assert.True(bucket.GetProperty("estimated").GetProperty("estimated").GetProperty("f1").GetDouble() is >= 0 and <= 1);
        Assert.NotEqual(JsonValueKind.Null, root.GetProperty("reference").ValueKind);
    }

    [Theory]
    [InlineData("bucket=hour", "'bucket' must be 'day', 'week' or 'month'.")]
    [InlineData("from=yesterday", "'from' must be an ISO-8601 time, e.g. 2026-11-01T00:00:00Z.")]
    [InlineData("model=-1", "'model' must be a positive whole number.")]
    [InlineData("from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", "'from' must be before 'to'.")]
    public async Task Performance_BadQuery_400NamesTheParameter(string query, string message)
    {
        var response = await KeyClient().GetAsync("/api/performance?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Performance_WithoutKeyOrSession_401()
    {
        var response = await factory.CreateClient().GetAsync("/api/performance");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<int> CountAsync(string tag)
    {
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        return await db.Predictions.CountAsync(p => p.LeadId!.StartsWith("p" + tag));
    }
}
