using LeadScoring.Core.Alerts;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Core.Tests.Alerts;

/// <summary>The retrain recommendation on a fixed clock: only after a rule that matters has fired for the whole period.</summary>
[Trait("Store", "both")]
public sealed class RetrainAdvisorTests
{
    [Fact]
    public async Task Recommends_AfterTheRuleFiredForTheWholePeriod_NotBefore_WithEvidenceAndTheLabelledWindow()
    {
        await using var host = new AlertTestHost();
        await host.SeedChampionAsync();
        var advisor = host.Services.GetRequiredService<RetrainAdvisor>();
        var t0 = AlertTestHost.Start;
        await SeedFiringAsync(host, "latency-p99", t0.AddDays(-5)); // service health: never a reason to retrain
        var driftAlert = await SeedFiringAsync(host, "drift-share-red", t0);
        host.AddTraffic(AlertTestHost.ReferenceLeads.Skip(2000).Take(50).ToList(), t0.AddDays(-40)); // older than the window
        host.AddTraffic(AlertTestHost.ReferenceLeads.Skip(2050).Take(50).ToList(), t0.AddDays(-10));
        host.AddTraffic(AlertTestHost.ReferenceLeads.Skip(2100).Take(50).ToList(), t0.AddHours(2));
        await using (var db = host.Db.CreateDbContext())
        {
            await db.Predictions.Where(p => p.TimestampMs < t0.AddDays(-1).ToUnixTimeMilliseconds()).ExecuteUpdateAsync(u => u.SetProperty(p => p.ActualEngaged, 1));
        }

        host.Clock.Now = t0.AddHours(23).AddMinutes(59);
        var before = await advisor.RecommendAsync();
        host.Clock.Now = t0.AddHours(24);
        var after = await advisor.RecommendAsync();

        Assert.Null(before);
        Assert.NotNull(after);
        Assert.Equal("drift-share-red", after.Rule);
        Assert.Equal(t0.UtcDateTime, after.FiringSinceUtc);
        Assert.Equal(driftAlert, after.AlertId);
        Assert.Equal("window_drift_share 0.62 ≥ 0.5 over 86400 s, 24,310 rows", after.Summary);
        // 30 days back from now, clipped to the first labelled prediction in it (the one 40 days back is outside).
        Assert.NotNull(after.WindowFromUtc);
        Assert.True(after.WindowFromUtc >= t0.AddDays(-10).AddMinutes(-1).UtcDateTime && after.WindowFromUtc < t0.AddDays(-10).UtcDateTime);
        Assert.True(after.WindowToUtc < t0.AddDays(-10).UtcDateTime, "the newest labelled prediction ends the window");
    }

    [Fact]
    public async Task ResolvedAlert_OrNoLabels_GivesNoRecommendationOrNoWindow()
    {
        await using var host = new AlertTestHost();
        var advisor = host.Services.GetRequiredService<RetrainAdvisor>();
        var t0 = AlertTestHost.Start;
        await SeedFiringAsync(host, "estimated-f1-below-band", t0, resolved: true);
        host.Clock.Now = t0.AddDays(3);
        Assert.Null(await advisor.RecommendAsync());

        await SeedFiringAsync(host, "estimated-f1-below-band", t0.AddDays(1));
        var recommendation = await advisor.RecommendAsync();
        Assert.NotNull(recommendation);
        Assert.Null(recommendation.WindowFromUtc);
    }

    private static async Task<long> SeedFiringAsync(AlertTestHost host, string rule, DateTimeOffset firedAt, bool resolved = false)
    {
        await host.Store.RulesAsync(); // the default rules are stored on first use
        await using var db = host.Db.CreateDbContext();
        var alert = new AlertRecord
        {
            RuleName = rule, Severity = "critical", State = resolved ? AlertHistoryStates.Resolved : AlertHistoryStates.Firing,
            FiredAtUtc = firedAt.UtcDateTime, ResolvedAtUtc = resolved ? firedAt.AddHours(30).UtcDateTime : null,
            EvidenceJson = """{"value": 0.62, "sample": 24310, "summary": "window_drift_share 0.62 ≥ 0.5 over 86400 s, 24,310 rows"}""",
        };
        db.Alerts.Add(alert);
        await db.SaveChangesAsync();
        return alert.Id;
    }
}
