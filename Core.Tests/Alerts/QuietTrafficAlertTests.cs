using LeadScoring.Core.Alerts;
using LeadScoring.Engine.Alerts;

namespace LeadScoring.Core.Tests.Alerts;

/// <summary>
/// No crying wolf: a day of demo traffic drawn like the reference (the 3,000 reference leads the champion was not
/// trained on, 125 an hour), evaluated hourly with the default rules, never fires; the drift rules are really judged.
/// </summary>
[Trait("Store", "both")]
public sealed class QuietTrafficAlertTests
{
    [Fact]
    public async Task QuietDemoTraffic_NeverFiresWithTheDefaultRules_OverADayOfHourlyEvaluations()
    {
        await using var host = new AlertTestHost();
        await host.SeedChampionAsync();
        var quiet = AlertTestHost.ReferenceLeads.Skip(2000).ToList();
        const int perHour = 125;
        AlertEvaluationReport? last = null;
        var seen = new List<string>();

        for (var hour = 0; hour < 24; hour++)
        {
            host.Clock.Now = AlertTestHost.Start.AddHours(hour);
            host.AddTraffic(quiet.Skip(hour * perHour).Take(perHour).ToList(), host.Clock.Now.AddMinutes(-5));
            last = await host.Evaluation.EvaluateAsync();
            seen.AddRange(last.Rules.Where(r => r.State is AlertState.Pending or AlertState.Firing)
                .Select(r => $"hour {hour}: {r.Rule.Name} {r.State} {AlertEvaluationService.Summary(r.Rule, r.Evidence)}"));
        }

        Assert.True(host.Notifier.Sent.Count == 0, string.Join("\n", host.Notifier.Sent.Select(n => $"{n.RuleName}: {n.Summary}")));
        Assert.Empty(await host.Store.AlertsAsync(firingOnly: false));
        Assert.DoesNotContain(seen, s => s.Contains("Firing", StringComparison.Ordinal));
        var byName = last!.Rules.ToDictionary(r => r.Rule.Name);
        // Judged, not waved through as insufficient data: 3,000 rows in the last day.
        foreach (var name in new[] { "drift-share-yellow", "drift-share-red", "prediction-drift", "queue-depth", "disk-floor", "store-unreachable", "auth-failures" })
        {
            Assert.True(byName[name].State == AlertState.Inactive, $"{name}: {byName[name].State} ({byName[name].Evidence.Reason})");
        }
        Assert.Equal(24 * perHour, byName["drift-share-yellow"].Evidence.Sample);
        // No /predict requests and no batches were stored: those rules say so instead of judging zeros.
        Assert.Equal(AlertState.InsufficientData, byName["predict-error-rate"].State);
        Assert.Equal(AlertState.InsufficientData, byName["batch-drift-red"].State);
    }
}
