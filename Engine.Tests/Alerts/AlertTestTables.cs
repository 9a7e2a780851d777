using LeadScoring.Engine.Alerts;

namespace LeadScoring.Engine.Tests.Alerts;

/// <summary>One row of an expected sequence: at minute <c>Minute</c> the rule's signal reads <c>Value</c> over
/// <c>Sample</c> rows (null = not measured) and the evaluation must report <c>State</c> and emit <c>Event</c>.</summary>
internal sealed record Row(int Minute, double? Value, long Sample, AlertState State, AlertEventKind? Event = null, double? Effect = null);

internal static class AlertTestTables
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static AlertRule ErrorRateRule(int forRuns = 1, int keep = 0, long repeatSeconds = 0) => new()
    {
        Name = "errors",
        Signal = AlertSignal.PredictErrorRate,
        Comparison = AlertComparison.GreaterThan,
        Threshold = 0.05,
        WindowSeconds = 300,
        MinSample = 100,
        For = forRuns,
        KeepFiringFor = keep,
        RepeatIntervalSeconds = repeatSeconds,
    };

    /// <summary>Runs the rows through one rule and asserts state and event row by row (the message names the minute).</summary>
    public static IReadOnlyList<AlertStatus> Run(AlertRule rule, params Row[] rows)
    {
        var state = AlertRuleState.Initial;
        var statuses = new List<AlertStatus>();
        foreach (var row in rows)
        {
            var observation = new AlertObservation(Start.AddMinutes(row.Minute));
            if (row.Value is { } v)
            {
                observation.With(rule.Signal, rule.WindowSeconds, v, row.Sample);
            }
            if (rule.Effect is not null && row.Effect is { } e)
            {
                observation.With(rule.Effect.Signal, rule.WindowSeconds, e, row.Sample);
            }
            var step = AlertStateMachine.Step(rule, state, observation);
            state = step.State;
            statuses.Add(step.Status);
            var actual = (step.Status.State, step.Event?.Kind);
            Assert.True((row.State, row.Event) == actual, $"minute {row.Minute}: expected {row.State}/{row.Event}, got {actual.State}/{actual.Kind}");
        }
        return statuses;
    }
}
