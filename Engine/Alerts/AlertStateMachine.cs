namespace LeadScoring.Engine.Alerts;

/// <summary>The result of stepping one rule: its new state, what to report and what to notify.</summary>
public sealed record AlertStep(AlertRuleState State, AlertStatus Status, AlertEvent? Event);

/// <summary>
/// Prometheus' alerting state machine (rules/alerting.go, <c>AlertingRule.Eval</c> and <c>needsSending</c>),
/// counted in evaluations with optional durations from evaluation timestamps:
/// inactive → pending when the condition first holds; pending → firing once it held for <c>for</c> consecutive
/// evaluations and <c>for_seconds</c> since then; pending → inactive as soon as it is false; firing stays firing
/// through <c>keep_firing_for</c> false evaluations (or while less than <c>keep_firing_for_seconds</c> passed since it
/// turned false) and resolves after. Insufficient data is not judged: the held state, counts and timestamps stay.
/// </summary>
public static class AlertStateMachine
{
    /// <summary>Judges <paramref name="rule"/> on <paramref name="observation"/> from <paramref name="state"/>.</summary>
    public static AlertStep Step(AlertRule rule, AlertRuleState state, AlertObservation observation)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(observation);
        var at = observation.At;
        var reading = observation.Get(rule.Signal, rule.WindowSeconds);
        var effect = rule.Effect is null ? null : observation.Get(rule.Effect.Signal, rule.WindowSeconds);
        var insufficient = Insufficiency(rule, reading, effect);
        var evidence = new AlertEvidence(reading?.Value, reading?.Sample ?? 0, effect?.Value, insufficient);
        if (insufficient is not null)
        {
            // Neither advance nor reset: a quiet hour must not fire an alert, nor silently resolve a real one.
            return new AlertStep(state, new AlertStatus(rule.Name, AlertState.InsufficientData, state.State, evidence), null);
        }

        var holds = rule.Compares(reading!.Value.Value) && (rule.Effect is null || effect!.Value.Value > rule.Effect.Floor);
        var (next, kind) = holds ? WhenTrue(rule, state, at) : WhenFalse(rule, state, at);
        var notice = kind is null ? null : new AlertEvent(kind.Value, rule.Name, rule.Severity, at, state.ActiveAt ?? next.ActiveAt ?? at, evidence);
        return new AlertStep(next, new AlertStatus(rule.Name, next.State, next.State, evidence), notice);
    }

    private static string? Insufficiency(AlertRule rule, SignalReading? reading, SignalReading? effect)
    {
        if (reading is null)
        {
            return $"{Name(rule.Signal)} was not measured";
        }
        if (!double.IsFinite(reading.Value.Value))
        {
            return $"{Name(rule.Signal)} is not a number";
        }
        if (reading.Value.Sample < rule.MinSample)
        {
            return $"{reading.Value.Sample} rows, min_sample is {rule.MinSample}";
        }
        if (rule.Effect is not null && (effect is null || !double.IsFinite(effect.Value.Value)))
        {
            return $"{Name(rule.Effect.Signal)} (the effect guard) was not measured";
        }
        return null;
    }

    private static (AlertRuleState, AlertEventKind?) WhenTrue(AlertRule rule, AlertRuleState s, DateTimeOffset at)
    {
        var activeAt = s.State == AlertState.Inactive ? at : s.ActiveAt ?? at;
        var next = s with
        {
            State = s.State == AlertState.Inactive ? AlertState.Pending : s.State,
            TrueRun = s.State == AlertState.Inactive ? 1 : s.TrueRun + 1,
            ActiveAt = activeAt,
            FalseRun = 0,
            KeepFiringSince = null,
        };
        if (next.State == AlertState.Pending && next.TrueRun >= rule.For && at - activeAt >= TimeSpan.FromSeconds(rule.ForSeconds))
        {
            return (next with { State = AlertState.Firing, LastNotifiedAt = at }, AlertEventKind.Fired);
        }
        return next.State == AlertState.Firing ? MaybeRepeat(rule, next, at) : (next, null);
    }

    private static (AlertRuleState, AlertEventKind?) WhenFalse(AlertRule rule, AlertRuleState s, DateTimeOffset at)
    {
        if (s.State != AlertState.Firing)
        {
            // A pending alert is forgotten at once (Prometheus deletes it); an inactive one stays inactive.
            return (AlertRuleState.Initial, null);
        }
        var since = s.KeepFiringSince ?? at;
        var falseRun = s.FalseRun + 1;
        var keep = falseRun <= rule.KeepFiringFor || at - since < TimeSpan.FromSeconds(rule.KeepFiringForSeconds);
        if (!keep)
        {
            return (AlertRuleState.Initial, AlertEventKind.Resolved);
        }
        // Still firing (Prometheus keeps re-sending a kept-firing alert too).
        return MaybeRepeat(rule, s with { FalseRun = falseRun, KeepFiringSince = since }, at);
    }

    private static (AlertRuleState, AlertEventKind?) MaybeRepeat(AlertRule rule, AlertRuleState s, DateTimeOffset at)
    {
        if (rule.RepeatIntervalSeconds > 0 && s.LastNotifiedAt is { } last && at - last >= TimeSpan.FromSeconds(rule.RepeatIntervalSeconds))
        {
            return (s with { LastNotifiedAt = at }, AlertEventKind.Repeat);
        }
        return (s, null);
    }

    private static string Name(AlertSignal signal) => AlertRulesJson.SignalName(signal);
}
