namespace LeadScoring.Engine.Alerts;

/// <summary>The statuses and notifications of one evaluation of a rule set.</summary>
public sealed record AlertEvaluation(IReadOnlyList<AlertStatus> Statuses, IReadOnlyList<AlertEvent> Events);

/// <summary>
/// Runs a rule set over successive observations, keeping each rule's <see cref="AlertRuleState"/> in memory
/// (<see cref="States"/> can be persisted and passed back in to resume).
/// </summary>
public sealed class AlertEvaluator
{
    private readonly IReadOnlyList<AlertRule> _rules;
    private readonly Dictionary<string, AlertRuleState> _states;

    /// <summary>Starts from <paramref name="states"/> (by rule name) or from the initial state.</summary>
    public AlertEvaluator(IReadOnlyList<AlertRule> rules, IReadOnlyDictionary<string, AlertRuleState>? states = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
        _states = rules.ToDictionary(r => r.Name, r => states?.GetValueOrDefault(r.Name) ?? AlertRuleState.Initial, StringComparer.Ordinal);
    }

    /// <summary>Each rule's state after the last evaluation.</summary>
    public IReadOnlyDictionary<string, AlertRuleState> States => _states;

    /// <summary>Judges every rule on <paramref name="observation"/>.</summary>
    public AlertEvaluation Evaluate(AlertObservation observation)
    {
        var statuses = new List<AlertStatus>(_rules.Count);
        var events = new List<AlertEvent>();
        foreach (var rule in _rules)
        {
            var step = AlertStateMachine.Step(rule, _states[rule.Name], observation);
            _states[rule.Name] = step.State;
            statuses.Add(step.Status);
            if (step.Event is not null)
            {
                events.Add(step.Event);
            }
        }
        return new AlertEvaluation(statuses, events);
    }
}
