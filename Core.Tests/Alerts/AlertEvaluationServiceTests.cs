using System.Text.Json;
using LeadScoring.Core.Alerts;
using LeadScoring.Engine.Alerts;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using LeadScoring.Core.Tests.Infrastructure;

namespace LeadScoring.Core.Tests.Alerts;

/// <summary>The alert evaluation over a real store with a fixed clock: hysteresis, insufficient data, repeats, silences, restarts.</summary>
[Trait("Store", "both")]
public sealed class AlertEvaluationServiceTests
{
    private static string Rules(params string[] rules) => $$"""{"version": 1, "rules": [{{string.Join(",", rules)}}]}""";

    private const string DriftShareRule = """
        {"name": "drift-share", "signal": "window_drift_share", "comparison": "greater_or_equal", "threshold": 0.5,
         "window_seconds": 7200, "min_sample": 500, "for": 2, "keep_firing_for": 1, "severity": "critical"}
        """;

    private static string QueueRule(int @for = 1, long repeat = 3600) => $$"""
        {"name": "queue", "signal": "queue_depth_share", "comparison": "greater_or_equal", "threshold": 0,
         "for": {{@for}}, "repeat_interval_seconds": {{repeat}}}
        """;

    private static IReadOnlyList<RawLead> Scenario(string name) =>
        LeadCsvReader.ReadFile(Path.Combine(TestPaths.DataDirectory, "scenarios", name + ".csv")).RawRows;

    [Fact]
    public async Task DriftShare_FiresAfterForEvaluations_OnShiftedTraffic_AndResolvesAfterKeepFiringFor()
    {
        await using var host = new AlertTestHost();
        await host.SeedChampionAsync();
        await host.Store.ImportAsync(Rules(DriftShareRule), "test");
        var t0 = AlertTestHost.Start;
        host.AddTraffic(Scenario("drift_quality_degradation"), t0.AddMinutes(-10));

        var first = await host.Evaluation.EvaluateAsync();
        host.Clock.Now = t0.AddHours(1);
        var second = await host.Evaluation.EvaluateAsync();

        Assert.Equal(AlertState.Pending, first.Rules.Single().State);
        Assert.Empty(first.Events);
        Assert.Equal(AlertState.Firing, second.Rules.Single().State);
        var fired = Assert.Single(host.Notifier.Sent);
        Assert.Equal(AlertNotificationKind.Fired, fired.Kind);
        Assert.True(fired.Evidence["value"] >= 0.5);
        Assert.Equal(1000, fired.Evidence["sample"]);
        var open = Assert.Single(await host.Store.AlertsAsync(firingOnly: true));
        Assert.Equal(fired.AlertId, open.Id);
        using (var evidence = JsonDocument.Parse(open.EvidenceJson))
        {
            Assert.Equal(7200, evidence.RootElement.GetProperty("window_seconds").GetInt64());
            Assert.Equal(1000, evidence.RootElement.GetProperty("sample").GetInt64());
        }

        // Quiet traffic replaces the shifted rows in the two-hour window: one false evaluation is kept firing, the next resolves.
        host.AddTraffic(AlertTestHost.ReferenceLeads.Skip(2000).Take(1000).ToList(), t0.AddMinutes(110));
        host.Clock.Now = t0.AddHours(2);
        var kept = await host.Evaluation.EvaluateAsync();
        host.Clock.Now = t0.AddHours(3);
        var resolved = await host.Evaluation.EvaluateAsync();

        Assert.Equal(AlertState.Firing, kept.Rules.Single().State);
        Assert.Equal(AlertState.Inactive, resolved.Rules.Single().State);
        Assert.Equal([AlertNotificationKind.Fired, AlertNotificationKind.Resolved], host.Notifier.Sent.Select(n => n.Kind));
        var history = Assert.Single(await host.Store.AlertsAsync(firingOnly: false));
        Assert.Equal(AlertHistoryStates.Resolved, history.State);
        Assert.Equal(t0.AddHours(3).UtcDateTime, history.ResolvedAtUtc);
        Assert.NotNull(history.DriftRunId); // the evidence names the stored drift run it came from
        Assert.Equal($"/drift/runs?run={history.DriftRunId}", history.Link);
    }

    [Fact]
    public async Task TooFewRows_ReportsInsufficientData_AndNeverFires()
    {
        await using var host = new AlertTestHost();
        await host.SeedChampionAsync();
        await host.Store.ImportAsync(Rules(DriftShareRule.Replace("\"min_sample\": 500", "\"min_sample\": 5000", StringComparison.Ordinal)), "test");
        host.AddTraffic(Scenario("drift_quality_degradation"), AlertTestHost.Start.AddMinutes(-10));

        for (var hour = 0; hour < 4; hour++)
        {
            host.Clock.Now = AlertTestHost.Start.AddMinutes(hour * 30);
            var report = await host.Evaluation.EvaluateAsync(force: true);
            var rule = report.Rules.Single();
            Assert.Equal(AlertState.InsufficientData, rule.State);
            Assert.Equal(1000, rule.Evidence.Sample);
        }

        Assert.Empty(host.Notifier.Sent);
        Assert.Empty(await host.Store.AlertsAsync(firingOnly: false));
    }

    [Fact]
    public async Task NoModel_DriftRule_InsufficientData_SaysWhy()
    {
        await using var host = new AlertTestHost();
        await host.Store.ImportAsync(Rules(DriftShareRule), "test");

        var rule = (await host.Evaluation.EvaluateAsync()).Rules.Single();

        Assert.Equal(AlertState.InsufficientData, rule.State);
        Assert.Contains("champion", rule.Evidence.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FiringRule_RepeatsOnlyAfterTheRepeatInterval()
    {
        await using var host = new AlertTestHost();
        await host.Store.ImportAsync(Rules(QueueRule(repeat: 3600)), "test");

        for (var step = 0; step <= 4; step++)
        {
            host.Clock.Now = AlertTestHost.Start.AddMinutes(30 * step);
            await host.Evaluation.EvaluateAsync();
        }

        Assert.Equal([AlertNotificationKind.Fired, AlertNotificationKind.Repeat, AlertNotificationKind.Repeat], host.Notifier.Sent.Select(n => n.Kind));
        Assert.Equal([0, 60, 120], host.Notifier.Sent.Select(n => (n.AtUtc - AlertTestHost.Start.UtcDateTime).TotalMinutes));
        var alert = Assert.Single(await host.Store.AlertsAsync(firingOnly: true));
        Assert.Equal(AlertTestHost.Start.AddMinutes(120).UtcDateTime, alert.LastNotifiedAtUtc);
        Assert.All(host.Notifier.Sent, n => Assert.Equal(alert.Id, n.AlertId));
    }

    [Fact]
    public async Task SilencedRule_IsStoredButNotNotified_AndAudited()
    {
        await using var host = new AlertTestHost();
        await host.Store.ImportAsync(Rules(QueueRule()), "test");
        await host.Store.SilenceAsync("queue", AlertTestHost.Start.AddHours(2).UtcDateTime, "ops", "maintenance");

        var report = await host.Evaluation.EvaluateAsync();

        Assert.True(report.Rules.Single().Silenced);
        Assert.Equal(AlertState.Firing, report.Rules.Single().State);
        Assert.Empty(host.Notifier.Sent);
        Assert.Single(await host.Store.AlertsAsync(firingOnly: true));
        await using var db = host.Db.CreateDbContext();
        Assert.Contains(await db.AuditLog.ToListAsync(), a => a.Action == "alert-rule.silence" && a.Target == "queue" && a.UserName == "ops");

        await host.Store.UnsilenceAsync("queue", "ops");
        host.Clock.Now = AlertTestHost.Start.AddHours(1);
        await host.Evaluation.EvaluateAsync();
        Assert.Equal(AlertNotificationKind.Repeat, Assert.Single(host.Notifier.Sent).Kind);
    }

    [Fact]
    public async Task States_SurviveANewServiceInstance_AndAChangedThresholdDropsThem()
    {
        using var database = new TestDatabase("leadscoring-alerts");
        await using (var first = new AlertTestHost(storage: database.Options))
        {
            await first.Store.ImportAsync(Rules(QueueRule(@for: 2)), "test");
            Assert.Equal(AlertState.Pending, (await first.Evaluation.EvaluateAsync()).Rules.Single().State);
        }
        await using (var second = new AlertTestHost(storage: database.Options))
        {
            second.Clock.Now = AlertTestHost.Start.AddMinutes(1);
            Assert.Equal(AlertState.Firing, (await second.Evaluation.EvaluateAsync()).Rules.Single().State);
            Assert.Equal(AlertNotificationKind.Fired, Assert.Single(second.Notifier.Sent).Kind);

            await second.Store.ImportAsync(Rules(QueueRule(@for: 2).Replace("\"threshold\": 0", "\"threshold\": -1", StringComparison.Ordinal)), "test");
            second.Clock.Now = AlertTestHost.Start.AddMinutes(2);
            Assert.Equal(AlertState.Pending, (await second.Evaluation.EvaluateAsync()).Rules.Single().State);
        }
    }

    [Fact]
    public async Task DryRun_StoresAndNotifiesNothing()
    {
        await using var host = new AlertTestHost();
        await host.Store.ImportAsync(Rules(QueueRule()), "test");

        var report = await host.Evaluation.EvaluateAsync(dryRun: true);

        Assert.True(report.AnyFiring);
        Assert.Empty(host.Notifier.Sent);
        Assert.Empty(await host.Store.AlertsAsync(firingOnly: false));
    }

    [Fact]
    public async Task Import_NamesTheBadField_AndKeepsTheStoredRules()
    {
        await using var host = new AlertTestHost();
        var before = await host.Store.ExportAsync();

        var e = await Assert.ThrowsAsync<AlertRulesFormatException>(() => host.Store.ImportAsync(Rules(QueueRule(@for: -1)), "test"));

        Assert.StartsWith("rules[0].for:", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await host.Store.ExportAsync());
        Assert.Equal(DefaultAlertRules.All.Select(r => r.Name), (await host.Store.RulesAsync()).Select(r => r.Name));
    }

    [Fact]
    public async Task ExpensiveRules_AreMeasuredAtMostEveryDriftEvaluationMinutes()
    {
        await using var host = new AlertTestHost(settings: new() { ["Alerts:DriftEvaluationMinutes"] = "60" });
        await host.SeedChampionAsync();
        await host.Store.ImportAsync(Rules(DriftShareRule, QueueRule()), "test");
        host.AddTraffic(Scenario("drift_quality_degradation"), AlertTestHost.Start.AddMinutes(-10));

        var first = await host.Evaluation.EvaluateAsync();
        host.Clock.Now = AlertTestHost.Start.AddMinutes(1);
        var second = await host.Evaluation.EvaluateAsync();
        host.Clock.Now = AlertTestHost.Start.AddMinutes(60);
        var third = await host.Evaluation.EvaluateAsync();

        Assert.True(first.Rules.All(r => r.Evaluated));
        Assert.False(second.Rules.Single(r => r.Rule.Name == "drift-share").Evaluated);
        Assert.Equal(AlertState.Pending, second.Rules.Single(r => r.Rule.Name == "drift-share").State); // the stored state, not a new count
        Assert.True(second.Rules.Single(r => r.Rule.Name == "queue").Evaluated);
        Assert.Equal(AlertState.Firing, third.Rules.Single(r => r.Rule.Name == "drift-share").State);
    }
}

/// <summary>Request signals from the stored /predict request rows, and the stored status pages read.</summary>
[Trait("Store", "both")]
public sealed class AlertRequestSignalTests
{
    [Fact]
    public async Task PredictErrorRateAndP99_AreMeasuredFromStoredRequests_OnlyPredictEndpointsCount()
    {
        await using var host = new AlertTestHost();
        await host.Store.ImportAsync("""
            {"version": 1, "rules": [
              {"name": "errors", "signal": "predict_error_rate", "comparison": "greater_than", "threshold": 0.05, "window_seconds": 300, "min_sample": 100},
              {"name": "p99", "signal": "latency_p99_ms", "comparison": "greater_than", "threshold": 200, "window_seconds": 300, "min_sample": 100}]}
            """, "test");
        var now = AlertTestHost.Start.ToUnixTimeMilliseconds();
        await using (var db = host.Db.CreateDbContext())
        {
            for (var i = 0; i < 200; i++)
            {
                db.ApiRequests.Add(new LeadScoring.Core.Storage.Entities.ApiRequestRecord
                {
                    TimestampMs = now - 1_000 - i * 1_000, Method = "POST", Endpoint = i % 2 == 0 ? "/predict" : "/predict/batch",
                    StatusCode = i < 20 ? 500 : 200, DurationMs = i < 4 ? 900 : 10,
                });
            }
            // Not /predict: neither counted nor slow enough to matter.
            db.ApiRequests.Add(new LeadScoring.Core.Storage.Entities.ApiRequestRecord { TimestampMs = now - 500, Method = "GET", Endpoint = "/api/performance", StatusCode = 500, DurationMs = 5_000 });
            // Outside the five-minute window.
            db.ApiRequests.Add(new LeadScoring.Core.Storage.Entities.ApiRequestRecord { TimestampMs = now - 400_000, Method = "POST", Endpoint = "/predict", StatusCode = 500, DurationMs = 5_000 });
            await db.SaveChangesAsync();
        }

        var report = await host.Evaluation.EvaluateAsync();
        var current = await host.Evaluation.CurrentAsync();

        var errors = report.Rules.Single(r => r.Rule.Name == "errors");
        var p99 = report.Rules.Single(r => r.Rule.Name == "p99");
        Assert.Equal(AlertState.Firing, errors.State);
        Assert.Equal(0.1, errors.Evidence.Value!.Value, 10);
        Assert.Equal(200, errors.Evidence.Sample);
        Assert.Equal(AlertState.Firing, p99.State);
        Assert.True(p99.Evidence.Value > 200);
        Assert.All(current, r => Assert.Equal(AlertState.Firing, r.HeldState));
        Assert.Equal(0.1, current.Single(r => r.Rule.Name == "errors").Evidence.Value!.Value, 10);
    }
}
