using LeadScoring.Engine.Alerts;
using static LeadScoring.Engine.Alerts.AlertEventKind;
using static LeadScoring.Engine.Alerts.AlertState;
using static LeadScoring.Engine.Tests.Alerts.AlertTestTables;

namespace LeadScoring.Engine.Tests.Alerts;

// Literal sequences: (minute, observed value, sample) → reported state and emitted event.
// Error-rate rule: value > 0.05 with at least 100 requests.
public class AlertStateMachineTests
{
    [Fact]
    public void For3_FiresOnTheThirdConsecutiveTrueEvaluation()
    {
        Run(ErrorRateRule(forRuns: 3),
            new Row(0, 0.01, 200, Inactive),
            new Row(5, 0.08, 200, Pending),
            new Row(10, 0.09, 200, Pending),
            new Row(15, 0.07, 200, Firing, Fired),
            new Row(20, 0.08, 200, Firing));
    }

    [Fact]
    public void For0_FiresOnTheFirstTrueEvaluation_LikePrometheusFor0()
    {
        Run(ErrorRateRule(forRuns: 0),
            new Row(0, 0.08, 200, Firing, Fired),
            new Row(5, 0.01, 200, Inactive, Resolved));
    }

    [Fact]
    public void KeepFiringFor2_StaysFiringThroughShortDips_ResolvesOnTheThirdFalse()
    {
        Run(ErrorRateRule(forRuns: 1, keep: 2),
            new Row(0, 0.10, 200, Firing, Fired),
            new Row(5, 0.01, 200, Firing),
            new Row(10, 0.01, 200, Firing),
            new Row(15, 0.10, 200, Firing),   // true again: the dip count restarts
            new Row(20, 0.01, 200, Firing),
            new Row(25, 0.01, 200, Firing),
            new Row(30, 0.01, 200, Inactive, Resolved),
            new Row(35, 0.01, 200, Inactive));
    }

    [Fact]
    public void Flapping_NeverFires_WithForGreaterThanOne()
    {
        var rows = Enumerable.Range(0, 12)
            .Select(i => i % 2 == 0 ? new Row(i * 5, 0.20, 500, Pending) : new Row(i * 5, 0.00, 500, Inactive))
            .ToArray();
        Run(ErrorRateRule(forRuns: 2, keep: 3), rows);
    }

    [Fact]
    public void InsufficientData_IsItsOwnState_AndNeitherAdvancesNorResets()
    {
        var statuses = Run(ErrorRateRule(forRuns: 3, keep: 1),
            new Row(0, 0.10, 200, Pending),
            new Row(5, 0.10, 50, InsufficientData),        // 50 < min_sample: the run stays at 1
            new Row(10, 0.10, 200, Pending),               // run 2
            new Row(15, null, 0, InsufficientData),        // not measured at all
            new Row(20, 0.10, 200, Firing, Fired),         // run 3: fires (it would at minute 10 if gaps counted)
            new Row(25, 0.00, 40, InsufficientData),       // a quiet spell does not resolve it
            new Row(30, 0.00, 200, Firing),                // first false: kept firing
            new Row(35, 0.00, 200, Inactive, Resolved));
        Assert.Equal(Pending, statuses[1].HeldState);
        Assert.Equal(Firing, statuses[5].HeldState);
        Assert.Equal("50 rows, min_sample is 100", statuses[1].Evidence.Reason);
        Assert.Equal("predict_error_rate was not measured", statuses[3].Evidence.Reason);
    }

    [Fact]
    public void TooFewRows_NeverFires_HoweverBadTheValue()
    {
        var rows = Enumerable.Range(0, 10).Select(i => new Row(i, 0.90, 99, InsufficientData)).ToArray();
        Run(ErrorRateRule(forRuns: 1), rows);
    }

    [Fact]
    public void RepeatInterval_ReNotifiesAFiringAlertAtMostOncePerInterval()
    {
        Run(ErrorRateRule(forRuns: 1, keep: 1, repeatSeconds: 3600),
            new Row(0, 0.10, 200, Firing, Fired),
            new Row(20, 0.10, 200, Firing),
            new Row(40, 0.10, 200, Firing),
            new Row(60, 0.10, 200, Firing, Repeat),
            new Row(80, 0.10, 200, Firing),
            new Row(100, 0.10, 200, Firing),
            new Row(120, 0.01, 200, Firing, Repeat),       // kept firing through a dip: still repeats (as Prometheus re-sends)
            new Row(180, 0.10, 10, InsufficientData),      // due, but no fresh evidence: no repeat
            new Row(200, 0.10, 200, Firing, Repeat),
            new Row(220, 0.01, 200, Firing),
            new Row(240, 0.01, 200, Inactive, Resolved));
    }

    [Fact]
    public void RepeatIntervalZero_NotifiesOnceAndOnResolve()
    {
        var rows = Enumerable.Range(1, 30).Select(i => new Row(i * 60, 0.10, 200, Firing)).Prepend(new Row(0, 0.10, 200, Firing, Fired))
            .Append(new Row(31 * 60, 0.0, 200, Inactive, Resolved)).ToArray();
        Run(ErrorRateRule(forRuns: 1, repeatSeconds: 0), rows);
    }

    [Fact]
    public void Durations_FollowPrometheusTimestamps()
    {
        // for: 10m and keep_firing_for: 10m evaluated every 5 minutes (Prometheus: ts − ActiveAt ≥ for fires;
        // ts − KeepFiringSince < keep_firing_for keeps firing).
        var rule = ErrorRateRule(forRuns: 0) with { ForSeconds = 600, KeepFiringForSeconds = 600 };
        Run(rule,
            new Row(0, 0.10, 200, Pending),
            new Row(5, 0.10, 200, Pending),
            new Row(10, 0.10, 200, Firing, Fired),
            new Row(15, 0.01, 200, Firing),
            new Row(20, 0.01, 200, Firing),
            new Row(25, 0.01, 200, Inactive, Resolved));
    }

    [Fact]
    public void DriftGuard_NeedsBothSignificanceAndEffect()
    {
        var rule = new AlertRule
        {
            Name = "prediction-drift",
            Signal = AlertSignal.PredictionDriftPValue,
            Comparison = AlertComparison.LessThan,
            Threshold = 0.01,
            WindowSeconds = 3600,
            MinSample = 1000,
            Effect = new EffectGuard(AlertSignal.ScorePsi, 0.1),
        };
        Run(rule,
            new Row(0, 1e-12, 500_000, Inactive, Effect: 0.004),    // significant, tiny effect: never fires
            new Row(60, 1e-30, 900_000, Inactive, Effect: 0.02),
            new Row(120, 1e-40, 900_000, Inactive, Effect: 0.0999),
            new Row(180, 0.30, 1_500, Inactive, Effect: 0.45),      // large effect, p above alpha: never fires
            new Row(240, 0.011, 1_500, Inactive, Effect: 0.90),
            new Row(300, 0.002, 1_500, InsufficientData),           // the effect was not measured
            new Row(360, 0.002, 1_500, Firing, Fired, Effect: 0.25),
            new Row(420, 0.002, 1_500, Inactive, Resolved, Effect: 0.05));
    }

    [Fact]
    public void Events_CarryTheEvidence()
    {
        var rule = ErrorRateRule(forRuns: 2);
        var s0 = AlertStateMachine.Step(rule, AlertRuleState.Initial, new AlertObservation(Start).With(rule.Signal, 300, 0.07, 150));
        var s1 = AlertStateMachine.Step(rule, s0.State, new AlertObservation(Start.AddMinutes(5)).With(rule.Signal, 300, 0.09, 180));
        Assert.Equal(new AlertEvent(Fired, "errors", AlertSeverity.Warning, Start.AddMinutes(5), Start, new AlertEvidence(0.09, 180)), s1.Event);
    }
}
