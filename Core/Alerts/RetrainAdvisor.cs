using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Engine.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Alerts;

/// <summary>The alert that makes a retrain advisable, and the labelled window to retrain on.</summary>
/// <param name="Rule">The rule that has been firing.</param>
/// <param name="FiringSinceUtc">When its open alert fired (it has fired without a break since).</param>
/// <param name="Summary">The evidence sentence of the alert ("window_drift_share 0.62 ≥ 0.5 over 86400 s, 24,310 rows").</param>
/// <param name="AlertId">The open alert.</param>
/// <param name="DriftRunId">The drift run behind it, when it has one.</param>
/// <param name="WindowFromUtc">Start of the recommended training window (null: no labelled predictions at all).</param>
/// <param name="WindowToUtc">End of the recommended training window.</param>
public sealed record RetrainRecommendation(string Rule, DateTime FiringSinceUtc, string Summary, long AlertId, long? DriftRunId,
    DateTime? WindowFromUtc, DateTime? WindowToUtc);

/// <summary>
/// Says when to retrain: a rule on drift that matters (window drift share at critical severity, prediction drift) or on
/// F1 (estimated or realized) has been firing for <see cref="AlertOptions.RetrainRecommendAfterHours"/>. One firing
/// evaluation is noise; a day of it is a model that no longer fits its traffic.
/// </summary>
public sealed class RetrainAdvisor(ILeadScoringDbFactory dbFactory, AlertStore store, TimeProvider time, IOptions<AlertOptions> options)
{
    /// <summary>Whether a rule's firing speaks for a retrain (service-health rules do not).</summary>
    public static bool Matters(AlertRule rule) => rule.Signal switch
    {
        AlertSignal.WindowDriftShare => rule.Severity == AlertSeverity.Critical,
        AlertSignal.PredictionDriftPValue or AlertSignal.EstimatedF1VsReferenceLower or AlertSignal.RealizedF1VsReferenceLower => true,
        _ => false,
    };

    /// <summary>The recommendation from the longest-firing rule that matters, or null when none has fired long enough.</summary>
    public async Task<RetrainRecommendation?> RecommendAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var cutoff = now.AddHours(-Math.Max(0, options.Value.RetrainRecommendAfterHours));
        var rules = (await store.RulesAsync(cancellationToken)).Where(Matters).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var longest = (await store.AlertsAsync(firingOnly: true, cancellationToken))
            .Where(a => rules.Contains(a.Rule) && a.FiredAtUtc <= cutoff)
            .OrderBy(a => a.FiredAtUtc)
            .FirstOrDefault();
        if (longest is null)
        {
            return null;
        }
        var (from, to) = await LabelledWindowAsync(now, cancellationToken);
        return new RetrainRecommendation(longest.Rule, longest.FiredAtUtc, SummaryOf(longest.EvidenceJson), longest.Id, longest.DriftRunId, from, to);
    }

    // The last RetrainWindowDays, clipped to the labelled predictions that exist: a window with no labels trains nothing.
    private async Task<(DateTime? From, DateTime? To)> LabelledWindowAsync(DateTime now, CancellationToken cancellationToken)
    {
        var fromMs = new DateTimeOffset(now.AddDays(-Math.Max(1, options.Value.RetrainWindowDays)), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var nowMs = new DateTimeOffset(now, TimeSpan.Zero).ToUnixTimeMilliseconds();
        await using var db = dbFactory.CreateDbContext();
        var labelled = db.Predictions.AsNoTracking().Where(p => p.ActualEngaged != null && p.TimestampMs >= fromMs && p.TimestampMs <= nowMs);
        var first = await labelled.MinAsync(p => (long?)p.TimestampMs, cancellationToken);
        var last = await labelled.MaxAsync(p => (long?)p.TimestampMs, cancellationToken);
        return first is { } f && last is { } l
            ? (DateTimeOffset.FromUnixTimeMilliseconds(f).UtcDateTime, DateTimeOffset.FromUnixTimeMilliseconds(l).UtcDateTime)
            : (null, null);
    }

    private static string SummaryOf(string evidenceJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(evidenceJson);
            return doc.RootElement.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
        }
        catch (JsonException)
        {
            return ""; // evidence is written by the evaluation; a damaged row loses its sentence, not the recommendation
        }
    }
}
