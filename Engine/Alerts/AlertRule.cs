using System.Text.Json.Serialization;

namespace LeadScoring.Engine.Alerts;

/// <summary>How an observed value is compared with a rule's threshold.</summary>
public enum AlertComparison
{
    /// <summary>value &gt; threshold.</summary>
    GreaterThan,

    /// <summary>value ≥ threshold.</summary>
    GreaterOrEqual,

    /// <summary>value &lt; threshold.</summary>
    LessThan,

    /// <summary>value ≤ threshold.</summary>
    LessOrEqual,
}

/// <summary>How loud a notification is.</summary>
public enum AlertSeverity
{
    /// <summary>Worth a look.</summary>
    Info,

    /// <summary>Investigate soon.</summary>
    Warning,

    /// <summary>Act now.</summary>
    Critical,
}

/// <summary>The second half of a drift rule: the effect size must also exceed <paramref name="Floor"/>.</summary>
/// <param name="Signal">An effect-size signal (<see cref="AlertSignals.IsEffectSize"/>), read over the rule's window.</param>
/// <param name="Floor">The condition holds only when the effect is strictly above this value.</param>
public sealed record EffectGuard(AlertSignal Signal, double Floor);

/// <summary>
/// One alert rule, as data. The condition is <c>value {comparison} threshold</c> (and, with an <see cref="Effect"/>
/// guard, <c>effect &gt; floor</c>); it is judged only when the reading's sample reaches <see cref="MinSample"/>.
/// Hysteresis follows Prometheus: the rule fires once the condition held for <see cref="For"/> consecutive judged
/// evaluations (and <see cref="ForSeconds"/> since it first held), and a firing rule keeps firing through
/// <see cref="KeepFiringFor"/> false evaluations (or <see cref="KeepFiringForSeconds"/> since it first was false).
/// </summary>
public sealed record AlertRule
{
    /// <summary>Unique name, used in notifications and as the state key.</summary>
    public required string Name { get; init; }

    /// <summary>Signal the condition reads.</summary>
    public required AlertSignal Signal { get; init; }

    /// <summary>Comparison of the observed value with <see cref="Threshold"/>.</summary>
    public required AlertComparison Comparison { get; init; }

    /// <summary>Threshold of the condition.</summary>
    public required double Threshold { get; init; }

    /// <summary>Window the signal is measured over, in seconds (0 = the latest value or batch).</summary>
    [JsonPropertyName("window_seconds")]
    public long WindowSeconds { get; init; }

    /// <summary>Rows (or requests) the reading needs before it is judged; fewer = insufficient data.</summary>
    public long MinSample { get; init; }

    /// <summary>Consecutive judged evaluations the condition must hold before firing (0 and 1 both fire on the first).</summary>
    public int For { get; init; } = 1;

    /// <summary>Additionally, seconds since the condition first held (evaluation timestamps, Prometheus' <c>for</c>).</summary>
    [JsonPropertyName("for_seconds")]
    public long ForSeconds { get; init; }

    /// <summary>False evaluations a firing rule stays firing through; it resolves on the next one.</summary>
    public int KeepFiringFor { get; init; }

    /// <summary>Alternatively, seconds since the condition first turned false (Prometheus' <c>keep_firing_for</c>).</summary>
    [JsonPropertyName("keep_firing_for_seconds")]
    public long KeepFiringForSeconds { get; init; }

    /// <summary>Minimum seconds between notifications of a firing rule (0 = notify once, never repeat).</summary>
    [JsonPropertyName("repeat_interval_seconds")]
    public long RepeatIntervalSeconds { get; init; } = 4 * 3600;

    /// <summary>Effect-size floor that must also be exceeded (required for p-value signals).</summary>
    public EffectGuard? Effect { get; init; }

    /// <summary>Severity carried by the notifications.</summary>
    public AlertSeverity Severity { get; init; } = AlertSeverity.Warning;

    /// <summary>True when <paramref name="value"/> meets the comparison.</summary>
    public bool Compares(double value) => Comparison switch
    {
        AlertComparison.GreaterThan => value > Threshold,
        AlertComparison.GreaterOrEqual => value >= Threshold,
        AlertComparison.LessThan => value < Threshold,
        AlertComparison.LessOrEqual => value <= Threshold,
        _ => false,
    };
}
