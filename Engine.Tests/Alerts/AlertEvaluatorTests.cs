using LeadScoring.Engine.Alerts;
using static LeadScoring.Engine.Tests.Alerts.AlertTestTables;

namespace LeadScoring.Engine.Tests.Alerts;

public class AlertEvaluatorTests
{
    [Fact]
    public void DefaultRules_OneEvaluation_JudgesEachRuleOnItsOwnReading()
    {
        var evaluator = new AlertEvaluator(DefaultAlertRules.All);
        var observation = new AlertObservation(Start)
            .With(AlertSignal.StoreUnreachable, 0, 1, 1)
            .With(AlertSignal.AuthFailuresPerMinute, DefaultAlertRules.FiveMinutes, 45, 0)
            .With(AlertSignal.BatchDriftLevel, 0, 2, 12);                 // red, but only 12 rows
        var result = evaluator.Evaluate(observation);

        var states = result.Statuses.ToDictionary(s => s.Rule, s => s.State);
        Assert.Equal(AlertState.Pending, states["store-unreachable"]);    // for: 2
        Assert.Equal(AlertState.Pending, states["auth-failures"]);
        Assert.Equal(AlertState.InsufficientData, states["batch-drift-red"]);
        Assert.Equal(AlertState.InsufficientData, states["latency-p99"]);  // not measured
        Assert.Empty(result.Events);

        var second = evaluator.Evaluate(new AlertObservation(Start.AddMinutes(1)).With(AlertSignal.StoreUnreachable, 0, 1, 1));
        var fired = Assert.Single(second.Events);
        Assert.Equal((AlertEventKind.Fired, "store-unreachable", AlertSeverity.Critical), (fired.Kind, fired.Rule, fired.Severity));
    }

    [Fact]
    public void States_CanBePersistedAndResumed()
    {
        var rule = ErrorRateRule(forRuns: 3);
        var first = new AlertEvaluator([rule]);
        first.Evaluate(new AlertObservation(Start).With(rule.Signal, 300, 0.2, 500));
        first.Evaluate(new AlertObservation(Start.AddMinutes(5)).With(rule.Signal, 300, 0.2, 500));

        var resumed = new AlertEvaluator([rule], first.States.ToDictionary());
        var result = resumed.Evaluate(new AlertObservation(Start.AddMinutes(10)).With(rule.Signal, 300, 0.2, 500));
        Assert.Equal(AlertEventKind.Fired, Assert.Single(result.Events).Kind);
        Assert.Equal(Start, result.Events[0].ActiveAt);
    }

    [Fact]
    public void Required_ListsEveryReadingTheRulesNeed()
    {
        var required = AlertObservation.Required(DefaultAlertRules.All);
        Assert.Contains(new ReadingKey(AlertSignal.ScorePsi, DefaultAlertRules.OneDay), required);
        Assert.Contains(new ReadingKey(AlertSignal.PredictErrorRate, DefaultAlertRules.FiveMinutes), required);
        Assert.Equal(required.Count, required.Distinct().Count());
        Assert.Equal(11, required.Count);   // two drift-share rules share one reading; prediction drift adds PSI
    }
}
