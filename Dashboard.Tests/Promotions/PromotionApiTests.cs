using System.Net;
using System.Text.Json;
using LeadScoring.Core.Promotions;
using LeadScoring.Dashboard.Tests.Infrastructure;
using LeadScoring.Dashboard.Tests.Shadow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Promotions;

/// <summary>
/// GET /api/models/promotions and /{id}: a challenger scored in shadow is promoted with a reason; the list and the
/// export carry the reason, both versions and the shadow comparison frozen at that moment.
/// </summary>
[Trait("Store", "both")]
public sealed class PromotionApiTests(ShadowAppFactory app) : IClassFixture<ShadowAppFactory>
{
    private HttpClient KeyClient()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", BootstrapKeyAppFactory.BootstrapKey);
        return client;
    }

    [Fact]
    public async Task PromotedChallenger_ListAndExport_CarryReasonVersionsAndShadowPairs()
    {
        var champion = (await app.Registry.ChampionAsync())!;
        var candidate = await app.CandidateAsync();
        await app.Registry.MarkChallengerAsync(candidate);
        var tag = "promo" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsync("/predict/batch", ShadowAppFactory.Json(ShadowAppFactory.Leads(tag, 120)))).StatusCode);
        await ShadowAppFactory.WaitForAsync(async () =>
        {
            await using var db = app.Db();
            return await (from s in db.ShadowScores
                          where s.ChallengerVersionId == candidate
                          join p in db.Predictions on (Guid?)s.Key equals p.ShadowKey
                          select s.Key).CountAsync() >= 120;
        });
        var promoted = await app.Services.GetRequiredService<PromotionService>()
            .PromoteAsync(new PromotionRequest(candidate, "agrees with the champion on live traffic"), "admin");

        var list = await KeyClient().GetAsync("/api/models/promotions");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var listBody = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        var row = listBody.RootElement.GetProperty("promotions").EnumerateArray().Single(p => p.GetProperty("id").GetInt64() == promoted.RecordId);
        Assert.Equal("agrees with the champion on live traffic", row.GetProperty("reason").GetString());
        Assert.Equal(champion.Label, row.GetProperty("from_version").GetString());
        Assert.Equal("off", row.GetProperty("policy_verdict").GetString());

        var export = await KeyClient().GetAsync($"/api/models/promotions/{promoted.RecordId}?download=true");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/json", export.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment", export.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        using var evidence = JsonDocument.Parse(await export.Content.ReadAsStringAsync());
        var root = evidence.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(candidate, root.GetProperty("to").GetProperty("id").GetInt32());
        var shadow = root.GetProperty("shadow");
        Assert.Equal(candidate, shadow.GetProperty("challengerId").GetInt32());
        Assert.True(shadow.GetProperty("pairs").GetInt64() >= 120);
        Assert.Equal(promoted.Evidence.Shadow!.Pairs, shadow.GetProperty("pairs").GetInt64());
    }

    [Fact]
    public async Task UnknownPromotion_Is404WithErrorResponse()
    {
        var response = await KeyClient().GetAsync("/api/models/promotions/987654");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("not_found", body.RootElement.GetProperty("error").GetString());
    }
}
