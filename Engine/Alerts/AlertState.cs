namespace LeadScoring.Engine.Alerts;

/// <summary>State of a rule as reported by one evaluation.</summary>
public enum AlertState
{
    /// <summary>The condition is false (or was never judged).</summary>
    Inactive,

    /// <summary>The condition holds but not yet for <c>for</c> evaluations.</summary>
    Pending,

    /// <summary>The alert is firing.</summary>
    Firing,

    /// <summary>This evaluation had too few rows (or no reading): nothing was judged, the held state is unchanged.</summary>
    InsufficientData,
}

/// <summary>What a notification says.</summary>
public enum AlertEventKind
{
    /// <summary>The rule started firing.</summary>
    Fired,

    /// <summary>Still firing, and the repeat interval has passed since the last notification.</summary>
    Repeat,

    /// <summary>The rule stopped firing.</summary>
    Resolved,
}

/// <summary>The values a judgement was made on.</summary>
/// <param name="Value">Observed value of the rule's signal (null when not measured).</param>
/// <param name="Sample">Rows or requests behind it.</param>
/// <param name="EffectValue">Observed effect size for a guarded rule.</param>
/// <param name="Reason">Why nothing was judged, for insufficient data.</param>
public sealed record AlertEvidence(double? Value, long Sample, double? EffectValue = null, string? Reason = null);

/// <summary>A notification to send.</summary>
public sealed record AlertEvent(AlertEventKind Kind, string Rule, AlertSeverity Severity, DateTimeOffset At, DateTimeOffset ActiveAt,
    AlertEvidence Evidence);

/// <summary>One rule's outcome of one evaluation.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="State">Reported state (<see cref="AlertState.InsufficientData"/> when nothing was judged).</param>
/// <param name="HeldState">Inactive, Pending or Firing: the state carried to the next evaluation.</param>
/// <param name="Evidence">The values judged (or why nothing was).</param>
public sealed record AlertStatus(string Rule, AlertState State, AlertState HeldState, AlertEvidence Evidence);

/// <summary>
/// What a rule remembers between evaluations (persist it to survive restarts). Counts are of judged evaluations;
/// the timestamps are evaluation times.
/// </summary>
public sealed record AlertRuleState
{
    /// <summary>The state before any evaluation.</summary>
    public static AlertRuleState Initial { get; } = new();

    /// <summary>Inactive, Pending or Firing (never InsufficientData).</summary>
    public AlertState State { get; init; } = AlertState.Inactive;

    /// <summary>Consecutive judged evaluations with the condition true.</summary>
    public int TrueRun { get; init; }

    /// <summary>When the condition first held in this run (Prometheus' ActiveAt).</summary>
    public DateTimeOffset? ActiveAt { get; init; }

    /// <summary>Consecutive judged evaluations with the condition false while firing.</summary>
    public int FalseRun { get; init; }

    /// <summary>When a firing rule's condition first turned false (Prometheus' KeepFiringSince).</summary>
    public DateTimeOffset? KeepFiringSince { get; init; }

    /// <summary>When the last Fired or Repeat was emitted.</summary>
    public DateTimeOffset? LastNotifiedAt { get; init; }
}
