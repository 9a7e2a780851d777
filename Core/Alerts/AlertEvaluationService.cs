using System.Globalization;
using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Alerts;

/// <summary>One rule's outcome of an evaluation, as the CLI and pages show it.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="State">Reported state.</param>
/// <param name="HeldState">Inactive, pending or firing: the state carried on (firing through insufficient data).</param>
/// <param name="Evidence">Value, sample and effect judged (or why nothing was).</param>
/// <param name="Evaluated">False when the rule was not due (expensive signals are measured every
/// <see cref="AlertOptions.DriftEvaluationMinutes"/>): the state is the stored one.</param>
/// <param name="Silenced">True while a silence is in force (stored, not notified).</param>
/// <param name="TrueRun">Consecutive true evaluations so far (a pending rule fires at its <c>for</c>).</param>
public sealed record AlertRuleOutcome(AlertRule Rule, AlertState State, AlertState HeldState, AlertEvidence Evidence, bool Evaluated, bool Silenced,
    int TrueRun = 0);

/// <summary>An evaluation's outcome: every rule's state and the events stored (and notified unless silenced).</summary>
public sealed record AlertEvaluationReport(DateTimeOffset At, IReadOnlyList<AlertRuleOutcome> Rules, IReadOnlyList<AlertEvent> Events)
{
    /// <summary>True when at least one rule is firing.</summary>
    public bool AnyFiring => Rules.Any(r => r.HeldState == AlertState.Firing);
}

/// <summary>
/// One evaluation: measure what the due rules need, run the Engine's state machine from the saved states, store the
/// states, open or close alerts in the history, and hand Fired/Repeat/Resolved to <see cref="IAlertNotifier"/> (not for
/// silenced rules). Runs one at a time; the background worker and <c>leadscoring alerts evaluate</c> both call it.
/// </summary>
public sealed class AlertEvaluationService(
    ILeadScoringDbFactory dbFactory, AlertStore store, AlertSignalCollector collector, IAlertNotifier notifier, TimeProvider time,
    IOptions<AlertOptions> options, StoreChangeNotifier changes)
{
    private const string HeldFiringPrefix = "held firing: ";
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Evaluates the due rules (all with <paramref name="force"/>). With <paramref name="dryRun"/> nothing is stored
    /// or notified: the outcome is what would happen.
    /// </summary>
    public async Task<AlertEvaluationReport> EvaluateAsync(bool force = false, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await EvaluateOnceAsync(force, dryRun, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every rule's stored status from the last evaluation, without measuring anything (for pages).</summary>
    public async Task<IReadOnlyList<AlertRuleOutcome>> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var rules = await store.RulesAsync(cancellationToken);
        await using var db = dbFactory.CreateDbContext();
        var saved = await db.AlertRuleStates.AsNoTracking().ToDictionaryAsync(s => s.RuleName, StringComparer.Ordinal, cancellationToken);
        var nowUtc = time.GetUtcNow().UtcDateTime;
        var silenced = await db.AlertSilences.AsNoTracking().Where(s => s.UntilUtc > nowUtc).Select(s => s.RuleName).ToListAsync(cancellationToken);
        return [.. rules.Select(r => Stored(r, saved.GetValueOrDefault(r.Name), silenced.Contains(r.Name)))];
    }

    private async Task<AlertEvaluationReport> EvaluateOnceAsync(bool force, bool dryRun, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rules = await store.RulesAsync(cancellationToken);
        Dictionary<string, AlertRuleStateRecord> saved;
        HashSet<string> silenced;
        await using (var db = dbFactory.CreateDbContext())
        {
            saved = await db.AlertRuleStates.AsNoTracking().ToDictionaryAsync(s => s.RuleName, StringComparer.Ordinal, cancellationToken);
            var nowUtc = now.UtcDateTime;
            silenced = (await db.AlertSilences.AsNoTracking().Where(s => s.UntilUtc > nowUtc).Select(s => s.RuleName).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
        }
        var due = rules.Where(r => force || IsDue(r, saved.GetValueOrDefault(r.Name), now)).ToList();
        var collected = await collector.CollectAsync(AlertObservation.Required(due), now, cancellationToken);
        var states = due.Where(r => saved.TryGetValue(r.Name, out var s) && s.Fingerprint == Fingerprint(r))
            .ToDictionary(r => r.Name, r => JsonSerializer.Deserialize<AlertRuleState>(saved[r.Name].StateJson, s_json)!, StringComparer.Ordinal);
        var evaluator = new AlertEvaluator(due, states);
        var result = evaluator.Evaluate(collected.Observation);
        var statuses = result.Statuses.ToDictionary(s => s.Rule, StringComparer.Ordinal);

        var outcomes = rules.Select(r => statuses.TryGetValue(r.Name, out var s)
            ? new AlertRuleOutcome(r, s.State, s.HeldState, WithReason(r, s, collected), true, silenced.Contains(r.Name),
                evaluator.States.TryGetValue(r.Name, out var st) ? st.TrueRun : 0)
            : Stored(r, saved.GetValueOrDefault(r.Name), silenced.Contains(r.Name))).ToList();
        if (!dryRun)
        {
            var notifications = await StoreAsync(due, evaluator.States, statuses, result.Events, collected, silenced, now, cancellationToken);
            changes.Notify(StoreChange.Alerts); // open alert pages show the new states without a reload
            foreach (var notification in notifications)
            {
                await notifier.EnqueueAsync(notification, cancellationToken);
            }
        }
        return new AlertEvaluationReport(now, outcomes, result.Events);
    }

    private bool IsDue(AlertRule rule, AlertRuleStateRecord? saved, DateTimeOffset now)
    {
        var keys = AlertObservation.Required([rule]);
        if (!keys.Any(AlertSignalCollector.IsExpensive) || saved?.LastEvaluatedAtUtc is not { } last || saved.Fingerprint != Fingerprint(rule))
        {
            return true;
        }
        return now.UtcDateTime - last >= TimeSpan.FromMinutes(Math.Max(0, options.Value.DriftEvaluationMinutes));
    }

    private async Task<List<AlertNotification>> StoreAsync(IReadOnlyList<AlertRule> due, IReadOnlyDictionary<string, AlertRuleState> states,
        IReadOnlyDictionary<string, AlertStatus> statuses, IReadOnlyList<AlertEvent> events, CollectedSignals collected, HashSet<string> silenced,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var rows = await db.AlertRuleStates.ToDictionaryAsync(s => s.RuleName, StringComparer.Ordinal, cancellationToken);
        foreach (var rule in due)
        {
            if (!rows.TryGetValue(rule.Name, out var row))
            {
                row = new AlertRuleStateRecord { RuleName = rule.Name };
                db.AlertRuleStates.Add(row);
                rows[rule.Name] = row;
            }
            var status = statuses[rule.Name];
            row.Fingerprint = Fingerprint(rule);
            row.StateJson = JsonSerializer.Serialize(states[rule.Name], s_json);
            row.LastEvaluatedAtUtc = now.UtcDateTime;
            row.LastStatus = StateName(status.State);
            row.LastValue = status.Evidence.Value;
            row.LastSample = status.Evidence.Sample;
            row.LastReason = Reason(rule, status, collected) is { } reason ? reason[..Math.Min(reason.Length, 500)] : null;
        }
        var pending = new List<(AlertRecord Alert, AlertEvent Event, AlertRule Rule)>();
        foreach (var e in events)
        {
            var rule = due.First(r => r.Name == e.Rule);
            var row = rows[e.Rule];
            var alert = row.OpenAlertId is { } openId ? await db.Alerts.SingleOrDefaultAsync(a => a.Id == openId, cancellationToken) : null;
            var runId = collected.DriftRuns.GetValueOrDefault(rule.WindowSeconds)?.RunId;
            if (e.Kind == AlertEventKind.Fired || alert is null)
            {
                alert = new AlertRecord
                {
                    RuleName = rule.Name, Severity = SeverityName(rule.Severity), State = AlertHistoryStates.Firing, FiredAtUtc = now.UtcDateTime,
                    EvidenceJson = EvidenceJson(rule, e.Evidence, collected, now), DriftRunId = IsDrift(rule) ? runId : null,
                };
                db.Alerts.Add(alert);
            }
            if (e.Kind == AlertEventKind.Resolved)
            {
                alert.State = AlertHistoryStates.Resolved;
                alert.ResolvedAtUtc = now.UtcDateTime;
            }
            if (!silenced.Contains(rule.Name))
            {
                alert.LastNotifiedAtUtc = now.UtcDateTime;
            }
            pending.Add((alert, e, rule));
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (alert, e, _) in pending)
        {
            rows[e.Rule].OpenAlertId = alert.State == AlertHistoryStates.Firing ? alert.Id : null;
        }
        await db.SaveChangesAsync(cancellationToken);
        // Notified after the save, so a notification always points at a stored alert; silenced rules are stored only.
        return [.. pending.Where(p => !silenced.Contains(p.Rule.Name)).Select(p => Notification(p.Alert, p.Event, p.Rule))];
    }

    private static AlertNotification Notification(AlertRecord alert, AlertEvent e, AlertRule rule)
    {
        var kind = e.Kind switch
        {
            AlertEventKind.Fired => AlertNotificationKind.Fired,
            AlertEventKind.Repeat => AlertNotificationKind.Repeat,
            _ => AlertNotificationKind.Resolved,
        };
        var evidence = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["threshold"] = rule.Threshold, ["sample"] = e.Evidence.Sample, ["window_seconds"] = rule.WindowSeconds,
        };
        if (e.Evidence.Value is { } value)
        {
            evidence["value"] = value;
        }
        if (e.Evidence.EffectValue is { } effect && rule.Effect is { } guard)
        {
            evidence["effect"] = effect;
            evidence["effect_floor"] = guard.Floor;
        }
        return new AlertNotification(alert.Id, rule.Name, rule.Severity, kind, e.At.UtcDateTime, Summary(rule, e.Evidence), evidence, alert.DriftRunId,
            AlertStore.LinkFor(alert.Id, alert.DriftRunId));
    }

    /// <summary>One plain sentence: "window_drift_share 0.62 ≥ 0.5 over 86400 s, 24,310 rows".</summary>
    public static string Summary(AlertRule rule, AlertEvidence evidence)
    {
        var op = rule.Comparison switch
        {
            AlertComparison.GreaterThan => ">", AlertComparison.GreaterOrEqual => "≥", AlertComparison.LessThan => "<", _ => "≤",
        };
        var value = evidence.Value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";
        var window = rule.WindowSeconds > 0 ? string.Create(CultureInfo.InvariantCulture, $" over {rule.WindowSeconds} s") : "";
        var effect = rule.Effect is { } guard && evidence.EffectValue is { } e
            ? string.Create(CultureInfo.InvariantCulture, $", {AlertRulesJson.SignalName(guard.Signal)} {e:0.####} > {guard.Floor}")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{AlertRulesJson.SignalName(rule.Signal)} {value} {op} {rule.Threshold}{window}{effect}, {evidence.Sample:N0} rows");
    }

    private static string EvidenceJson(AlertRule rule, AlertEvidence evidence, CollectedSignals collected, DateTimeOffset now)
    {
        var run = IsDrift(rule) ? collected.DriftRuns.GetValueOrDefault(rule.WindowSeconds) : null;
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["signal"] = AlertRulesJson.SignalName(rule.Signal),
            ["comparison"] = JsonNamingPolicy.SnakeCaseLower.ConvertName(rule.Comparison.ToString()),
            ["threshold"] = rule.Threshold,
            ["value"] = evidence.Value,
            ["sample"] = evidence.Sample,
            ["window_seconds"] = rule.WindowSeconds,
            ["effect_signal"] = rule.Effect is { } g ? AlertRulesJson.SignalName(g.Signal) : null,
            ["effect_floor"] = rule.Effect?.Floor,
            ["effect_value"] = evidence.EffectValue,
            ["evaluated_at"] = now.UtcDateTime,
            ["drift_subject"] = run?.Subject,
            ["summary"] = Summary(rule, evidence),
        });
    }

    private static bool IsDrift(AlertRule rule) => rule.WindowSeconds > 0 && rule.Signal is AlertSignal.WindowDriftShare or AlertSignal.PredictionDriftPValue
        or AlertSignal.ScorePsi or AlertSignal.ScoreWasserstein or AlertSignal.BatchDriftLevel;

    private static AlertEvidence WithReason(AlertRule rule, AlertStatus status, CollectedSignals collected)
        => Reason(rule, status, collected) is { } reason && reason != status.Evidence.Reason ? status.Evidence with { Reason = reason } : status.Evidence;

    // Insufficient data says why: the collector's reason (no model, no rows...) beats the engine's "no reading", and a
    // held firing state is named so an operator does not read "insufficient data" as "all clear".
    private static string? Reason(AlertRule rule, AlertStatus status, CollectedSignals collected)
    {
        if (status.State != AlertState.InsufficientData)
        {
            return status.Evidence.Reason;
        }
        var why = collected.Unavailable.GetValueOrDefault(new ReadingKey(rule.Signal, rule.WindowSeconds)) ?? status.Evidence.Reason;
        return status.HeldState == AlertState.Firing ? HeldFiringPrefix + why : why;
    }

    private static AlertRuleOutcome Stored(AlertRule rule, AlertRuleStateRecord? saved, bool silenced)
    {
        var current = saved is not null && saved.Fingerprint == Fingerprint(rule);
        var state = current ? ParseState(saved!.LastStatus) : AlertState.InsufficientData;
        var engineState = current ? JsonSerializer.Deserialize<AlertRuleState>(saved!.StateJson, s_json)! : AlertRuleState.Initial;
        return new AlertRuleOutcome(rule, state, engineState.State, new AlertEvidence(saved?.LastValue, saved?.LastSample ?? 0, null, saved?.LastReason),
            false, silenced, engineState.TrueRun);
    }

    /// <summary>What a rule's saved state depends on: a change drops the state.</summary>
    public static string Fingerprint(AlertRule rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{AlertRulesJson.SignalName(rule.Signal)}|{rule.WindowSeconds}|{rule.Comparison}|{rule.Threshold:R}");

    /// <summary>A state's name as stored and shown ("insufficient_data").</summary>
    public static string StateName(AlertState state) => JsonNamingPolicy.SnakeCaseLower.ConvertName(state.ToString());

    private static AlertState ParseState(string name) =>
        Enum.GetValues<AlertState>().FirstOrDefault(s => StateName(s) == name, AlertState.InsufficientData);

    private static string SeverityName(AlertSeverity severity) => JsonNamingPolicy.SnakeCaseLower.ConvertName(severity.ToString());
}
