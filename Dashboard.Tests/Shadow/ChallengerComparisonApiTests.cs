using System.Net;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.Shadow;
using LeadScoring.Dashboard.Tests.Infrastructure;
using LeadScoring.Engine.Performance.Shadow;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Dashboard.Tests.Shadow;

/// <summary>GET /api/models/challenger/comparison: the engine's numbers on the stored pairs, as snake_case JSON.</summary>
[Trait("Store", "both")]
public sealed class ChallengerComparisonApiTests(ShadowAppFactory app) : IClassFixture<ShadowAppFactory>
{
    private HttpClient KeyClient()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", BootstrapKeyAppFactory.BootstrapKey);
        return client;
    }

    [Fact]
    public async Task Comparison_EqualsTheEngineOnTheStoredPairs_WithOutcomes()
    {
        var candidate = await app.CandidateAsync();
        await app.Registry.MarkChallengerAsync(candidate);
        var tag = "cmp" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsync("/predict/batch", ShadowAppFactory.Json(ShadowAppFactory.Leads(tag, 160)))).StatusCode);
        await ShadowAppFactory.WaitForAsync(async () =>
        {
            await using var db = app.Db();
            return await db.ShadowScores.CountAsync(s => s.ChallengerVersionId == candidate) >= 160;
        });
        var csv = "lead_id,converted\n" + string.Concat(Enumerable.Range(0, 150).Select(i => $"{tag}-{i},{(i * 37 % 101 > 50 ? "yes" : "no")}\n"));
        Assert.Equal(HttpStatusCode.OK, (await KeyClient().PostAsync("/api/outcomes", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);

        var response = await KeyClient().GetAsync("/api/models/challenger/comparison");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        var champion = (await app.Registry.ChampionAsync())!;
        double[] a, b;
        sbyte[] y;
        await using (var db = app.Db())
        {
            var pairs = await (from s in db.ShadowScores
                               where s.ChallengerVersionId == candidate
                               join p in db.Predictions on (Guid?)s.Key equals p.ShadowKey
                               where p.ModelVersionId == champion.Id
                               select new { Champion = p.Score, Challenger = s.Score, p.ActualEngaged }).ToListAsync();
            a = [.. pairs.Select(p => p.Champion)];
            b = [.. pairs.Select(p => p.Challenger)];
            y = [.. pairs.Select(p => (sbyte)(p.ActualEngaged ?? -1))];
        }
        var engine = ShadowComparison.Compare(a, b, y, new ShadowComparisonOptions
        {
            ChampionThreshold = champion.DecisionThreshold, ChallengerThreshold = ShadowAppFactory.ChallengerThreshold,
        });
        var tests = Assert.IsType<PairedOutcomeTests>(engine.Outcomes);
        Assert.Equal(engine.Leads, root.GetProperty("paired_requests").GetInt64());
        Assert.Equal(tests.LabelledLeads, root.GetProperty("labelled_leads").GetInt64());
        Assert.Equal(engine.Agreement.Rate, root.GetProperty("agreement").GetProperty("rate").GetDouble(), 12);
        Assert.Equal(engine.Agreement.RateInterval.Lower, root.GetProperty("agreement").GetProperty("lower").GetDouble(), 12);
        Assert.Equal(engine.Spearman.Rho, root.GetProperty("spearman").GetProperty("rho").GetDouble(), 12);
        Assert.Equal(tests.Decisions.PValue, root.GetProperty("mcnemar").GetProperty("p_value").GetDouble(), 12);
        Assert.Equal(tests.Decisions.Test.B, root.GetProperty("mcnemar").GetProperty("only_champion_correct").GetInt64());
        if (tests.RocAuc is { } auc)
        {
            Assert.Equal(auc.PValue, root.GetProperty("delong_p_value").GetDouble(), 12);
        }
        var verdict = ChallengerComparison.Decide(tests);
        Assert.Equal(verdict == ShadowVerdict.Worse ? "worse" : "not worse", root.GetProperty("verdict_text").GetString());
        Assert.True(root.GetProperty("roc_auc").GetProperty("champion").GetProperty("value").GetDouble() is > 0 and <= 1);
        Assert.True(root.GetProperty("f1").GetProperty("challenger").GetProperty("upper").GetDouble() >= root.GetProperty("f1").GetProperty("challenger").GetProperty("lower").GetDouble());
        Assert.Equal(20, root.GetProperty("distribution").GetProperty("champion").GetArrayLength());
        Assert.Equal(engine.Leads, root.GetProperty("distribution").GetProperty("challenger").EnumerateArray().Sum(x => x.GetInt64()));
    }

    [Fact]
    public async Task Comparison_FewLabelled_SaysTooFew_AndWithoutChallenger404()
    {
        await app.Registry.ClearChallengerAsync();
        var none = await KeyClient().GetAsync("/api/models/challenger/comparison");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("No challenger is marked", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await app.Registry.MarkChallengerAsync(await app.CandidateAsync());
        var response = await KeyClient().GetAsync("/api/models/challenger/comparison?from=2099-01-01T00:00:00Z");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("too few labelled leads (n < 100)", body.RootElement.GetProperty("verdict_text").GetString());
        Assert.Equal(0, body.RootElement.GetProperty("paired_requests").GetInt64());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("roc_auc").ValueKind);
    }

    [Fact]
    public async Task Comparison_BadTime_400NamesTheParameter()
    {
        var response = await KeyClient().GetAsync("/api/models/challenger/comparison?from=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'from' must be an ISO-8601 time", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
