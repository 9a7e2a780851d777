namespace LeadScoring.Engine.Alerts;

/// <summary>One measured value and the number of rows or requests behind it.</summary>
public readonly record struct SignalReading(double Value, long Sample);

/// <summary>Which measurement a rule needs: a signal over a window.</summary>
public readonly record struct ReadingKey(AlertSignal Signal, long WindowSeconds);

/// <summary>
/// The values observed for one evaluation at <see cref="At"/>, keyed by (signal, window). A missing key is
/// insufficient data for the rules that need it.
/// </summary>
public sealed class AlertObservation(DateTimeOffset at)
{
    /// <summary>When the evaluation ran (drives the duration forms of <c>for</c>, <c>keep_firing_for</c> and repeats).</summary>
    public DateTimeOffset At { get; } = at;

    private readonly Dictionary<ReadingKey, SignalReading> _readings = [];

    /// <summary>The readings, by signal and window.</summary>
    public IReadOnlyDictionary<ReadingKey, SignalReading> Readings => _readings;

    /// <summary>Adds (or replaces) a reading and returns this observation, for fluent building.</summary>
    public AlertObservation With(AlertSignal signal, long windowSeconds, double value, long sample)
    {
        _readings[new ReadingKey(signal, windowSeconds)] = new SignalReading(value, sample);
        return this;
    }

    /// <summary>The reading for a signal over a window, or null when it was not measured.</summary>
    public SignalReading? Get(AlertSignal signal, long windowSeconds)
        => _readings.TryGetValue(new ReadingKey(signal, windowSeconds), out var r) ? r : null;

    /// <summary>Every (signal, window) the rules read, effect guards included: what a collector must measure.</summary>
    public static IReadOnlyList<ReadingKey> Required(IEnumerable<AlertRule> rules)
        => rules.SelectMany(r => r.Effect is null
                ? [new ReadingKey(r.Signal, r.WindowSeconds)]
                : new[] { new ReadingKey(r.Signal, r.WindowSeconds), new ReadingKey(r.Effect.Signal, r.WindowSeconds) })
            .Distinct().ToList();
}
