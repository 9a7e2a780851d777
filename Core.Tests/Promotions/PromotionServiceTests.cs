using LeadScoring.Core.Alerts;
using LeadScoring.Core.Promotions;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Tests.Models;
using LeadScoring.Engine.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Core.Tests.Promotions;

/// <summary>Promotion and rollback through <see cref="PromotionService"/> on a real SQLite store with real models.</summary>
[Trait("Store", "both")]
public sealed class PromotionServiceTests
{
    private const string DriftRule = "drift-window";
    private const string PerformanceRule = "f1-estimated";
    private const string LatencyRule = "latency";

    [Fact]
    public async Task Promote_FreezesEvidenceWithHoldoutMetricsDriftStateReasonAndAudit()
    {
        await using var host = new RegistryTestHost();
        var v1 = await host.SeedChampionAsync();
        var v2 = await host.RegisterBuiltAsync("v2", seed: 7);
        var runId = await AddWindowRunAsync(host.Db, v1.Id, share: 0.375, level: "yellow");

        var result = await Service(host).PromoteAsync(new PromotionRequest(v2.Id, "  better recall on the spring campaign  "), "alice");

        Assert.Equal(v2.Id, result.Champion.Id);
        var stored = await Service(host).GetAsync(result.RecordId);
        Assert.NotNull(stored);
        Assert.Equal(("promotion", "alice", v1.Id, "v1", v2.Id, "v2", "better recall on the spring campaign", "off", false),
            (stored.Summary.Kind, stored.Summary.CreatedBy, stored.Summary.FromVersionId, stored.Summary.FromLabel, stored.Summary.ToVersionId,
                stored.Summary.ToLabel, stored.Summary.Reason, stored.Summary.PolicyVerdict, stored.Summary.Overridden));
        var evidence = PromotionEvidence.Parse(stored.EvidenceJson)!;
        Assert.Equal(PromotionEvidence.CurrentSchemaVersion, evidence.SchemaVersion);
        var v1Holdout = Core.Models.ModelMetrics.Parse(v1.MetricsJson).Holdout!;
        var v2Holdout = Core.Models.ModelMetrics.Parse(v2.MetricsJson).Holdout!;
        Assert.Equal(v1Holdout.RocAuc, evidence.From!.Holdout!.RocAuc);
        Assert.Equal(v1Holdout.F1, evidence.From.Holdout.F1);
        Assert.Equal(v2Holdout.RocAuc, evidence.To.Holdout!.RocAuc);
        Assert.Equal(v2Holdout.Rows, evidence.To.Holdout.Rows);
        Assert.Equal((runId, 0.375, "yellow", v1.Id), (evidence.Drift!.RunId, evidence.Drift.DriftShare, evidence.Drift.AlertLevel, evidence.Drift.ModelVersionId));
        Assert.NotNull(evidence.Performance); // the champion's state; no traffic, so no estimate
        Assert.Null(evidence.Performance.EstimatedF1);
        Assert.Null(evidence.Shadow); // v2 was never the challenger
        Assert.Equal(PolicyDecision.Off, evidence.Policy.Verdict);
        await using var db = host.Db.CreateDbContext();
        var audit = await db.AuditLog.SingleAsync(a => a.Action == "model.promote.evidence");
        Assert.Equal($"promotion {result.RecordId} (v1 -> v2)", audit.Target);
        Assert.Contains("better recall", audit.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task Promote_WithoutReason_IsRefusedAndNothingChanges(string? reason)
    {
        await using var host = new RegistryTestHost();
        var v1 = await host.SeedChampionAsync();
        var v2 = await host.RegisterBuiltAsync("v2", seed: 7);
        var error = await Assert.ThrowsAsync<PromotionRequestException>(() => Service(host).PromoteAsync(new PromotionRequest(v2.Id, reason), "alice"));
        Assert.Equal("reason", error.Field);
        var tooLong = await Assert.ThrowsAsync<PromotionRequestException>(() => Service(host).PromoteAsync(new PromotionRequest(v2.Id, new string('x', 501)), "alice"));
        Assert.Contains("at most 500", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal(v1.Id, (await host.Registry.ChampionAsync())!.Id);
        Assert.Empty(await Service(host).ListAsync());
    }

    [Fact]
    public async Task Policy_RefusesWithReasons_AndAnOverrideIsRecorded()
    {
        await using var host = new RegistryTestHost(settings: new() { ["Promotion:Policy:Enabled"] = "true", ["Promotion:Policy:MinShadowRequests"] = "1000" });
        var v1 = await host.SeedChampionAsync();
        var v2 = await host.RegisterBuiltAsync("v2", seed: 7);
        var refused = await Assert.ThrowsAsync<PromotionRefusedException>(() => Service(host).PromoteAsync(new PromotionRequest(v2.Id, "looks better"), "alice"));
        Assert.Contains("≥ 1,000", Assert.Single(refused.Reasons), StringComparison.Ordinal);
        Assert.Equal(v1.Id, (await host.Registry.ChampionAsync())!.Id);
        Assert.Empty(await Service(host).ListAsync());

        var result = await Service(host).PromoteAsync(new PromotionRequest(v2.Id, "looks better", "incident 42: the champion is broken"), "alice");

        Assert.Equal(v2.Id, (await host.Registry.ChampionAsync())!.Id);
        var summary = Assert.Single(await Service(host).ListAsync());
        Assert.Equal((PolicyDecision.Failed, true), (summary.PolicyVerdict, summary.Overridden));
        Assert.Equal("incident 42: the champion is broken", result.Evidence.Policy.OverrideReason);
        Assert.Equal(refused.Reasons, result.Evidence.Policy.Reasons);
    }

    [Fact]
    public async Task Rollback_RestoresThresholdAndReference_AndResetsDriftAndPerformanceRuleStates()
    {
        await using var host = new RegistryTestHost();
        var v1 = await host.SeedChampionAsync();
        await host.Registry.SetThresholdAsync(v1.Id, 0.42);
        var v2 = await host.RegisterBuiltAsync("v2", seed: 7);
        await host.Registry.SetThresholdAsync(v2.Id, 0.61);
        await Service(host).PromoteAsync(new PromotionRequest(v2.Id, "try v2"), "alice");
        await UseRulesAsync(host);
        var openAlert = await SeedRuleStatesAsync(host.Db);

        var result = await Service(host).RollbackAsync("bob", "v2 floods sales with leads");

        Assert.NotNull(result);
        Assert.Equal(v1.Id, result.Champion.Id);
        var live = host.Champion.Current!;
        Assert.Equal(0.42, live.Threshold);
        Assert.Equal(v1.Id, live.RegistryId);
        var reference = (await host.Registry.DriftReferenceAsync(v1.Id))!;
        Assert.Equal(reference.RowCount, result.Evidence.Restored!.ReferenceRows);
        Assert.Equal(LeadScoring.Core.DriftRuns.DriftRunRecords.ReferenceHash(reference), result.Evidence.Restored.ReferenceSha256);
        Assert.Equal([DriftRule, PerformanceRule], result.Evidence.Restored.AlertRulesReset);
        Assert.StartsWith($"v1 is champion again: its reference ({reference.RowCount:N0} rows, hash {result.Evidence.Restored.ReferenceSha256![..12]}…), threshold 0.42; drift and performance alerts re-baselined",
            result.Describe(), StringComparison.Ordinal);
        Assert.Equal((PromotionEvidence.RollbackKind, "v2 floods sales with leads", "v2", "v1"),
            (result.Evidence.Kind, result.Evidence.Reason, result.Evidence.From!.Label, result.Evidence.To.Label));
        await using var db = host.Db.CreateDbContext();
        Assert.Equal([LatencyRule], await db.AlertRuleStates.Select(s => s.RuleName).ToListAsync());
        var alert = await db.Alerts.SingleAsync(a => a.Id == openAlert);
        Assert.Equal(AlertHistoryStates.Resolved, alert.State);
        Assert.Equal(2, await db.Promotions.CountAsync());
        Assert.Single(await db.AuditLog.Where(a => a.Action == "model.rollback.evidence").ToListAsync());
    }

    [Fact]
    public async Task Rollback_WithNoEarlierChampion_ReturnsNullAndRecordsNothing()
    {
        await using var host = new RegistryTestHost();
        await host.SeedChampionAsync();
        Assert.Null(await Service(host).RollbackAsync("bob"));
        Assert.Empty(await Service(host).ListAsync());
    }

    private static PromotionService Service(RegistryTestHost host) => host.Services.GetRequiredService<PromotionService>();

    private static async Task UseRulesAsync(RegistryTestHost host)
    {
        AlertRule Rule(string name, AlertSignal signal) =>
            new() { Name = name, Signal = signal, Comparison = AlertComparison.GreaterThan, Threshold = 0.5, WindowSeconds = 3600 };
        var json = AlertRulesJson.Export([Rule(DriftRule, AlertSignal.WindowDriftShare), Rule(PerformanceRule, AlertSignal.EstimatedF1VsReferenceLower),
            Rule(LatencyRule, AlertSignal.LatencyP99Ms)]);
        await host.Services.GetRequiredService<AlertStore>().ImportAsync(json, "test");
    }

    private static async Task<long> SeedRuleStatesAsync(ILeadScoringDbFactory factory)
    {
        await using var db = factory.CreateDbContext();
        var alert = new AlertRecord { RuleName = DriftRule, Severity = "warning", State = AlertHistoryStates.Firing, FiredAtUtc = DateTime.UtcNow };
        db.Alerts.Add(alert);
        await db.SaveChangesAsync();
        foreach (var name in new[] { DriftRule, PerformanceRule, LatencyRule })
        {
            db.AlertRuleStates.Add(new AlertRuleStateRecord
            {
                RuleName = name, Fingerprint = "f", StateJson = "{}", LastStatus = "firing", OpenAlertId = name == DriftRule ? alert.Id : null,
            });
        }
        await db.SaveChangesAsync();
        return alert.Id;
    }

    private static async Task<long> AddWindowRunAsync(ILeadScoringDbFactory factory, int versionId, double share, string level)
    {
        await using var db = factory.CreateDbContext();
        var run = new DriftRunRecord
        {
            CreatedAtUtc = DateTime.UtcNow, Kind = DriftRunKind.Window, Trigger = DriftRunTrigger.AlertEvaluation, RequestedBy = "system", Subject = "last hour",
            ReferenceLabel = "model v1", ReferenceHash = "abc", ModelVersionId = versionId, DriftShare = share, AlertLevel = level, ConfigJson = "{}",
        };
        db.DriftRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }
}
