namespace LeadScoring.Engine.Alerts;

/// <summary>A sensible starting rule set (export it, edit it, import it back).</summary>
public static class DefaultAlertRules
{
    /// <summary>Five minutes, the window of the service-health rules.</summary>
    public const long FiveMinutes = 300;

    /// <summary>One day, the window of the drift and performance rules.</summary>
    public const long OneDay = 86_400;

    /// <summary>Score PSI below this is treated as no material shift (the usual 0.1 "minor change" line).</summary>
    public const double PsiFloor = 0.1;

    /// <summary>The rules.</summary>
    public static IReadOnlyList<AlertRule> All { get; } =
    [
        Rule("drift-share-yellow", AlertSignal.WindowDriftShare, AlertComparison.GreaterOrEqual, 0.2, OneDay, minSample: 500,
            forRuns: 2, keep: 1, AlertSeverity.Warning),
        Rule("drift-share-red", AlertSignal.WindowDriftShare, AlertComparison.GreaterOrEqual, 0.5, OneDay, minSample: 500,
            forRuns: 2, keep: 1, AlertSeverity.Critical),
        Rule("batch-drift-red", AlertSignal.BatchDriftLevel, AlertComparison.GreaterOrEqual, 2, 0, minSample: 500,
            forRuns: 1, keep: 0, AlertSeverity.Warning),
        Rule("prediction-drift", AlertSignal.PredictionDriftPValue, AlertComparison.LessThan, 0.01, OneDay, minSample: 1000,
            forRuns: 2, keep: 1, AlertSeverity.Critical) with { Effect = new EffectGuard(AlertSignal.ScorePsi, PsiFloor) },
        Rule("predict-error-rate", AlertSignal.PredictErrorRate, AlertComparison.GreaterThan, 0.05, FiveMinutes, minSample: 100,
            forRuns: 3, keep: 2, AlertSeverity.Critical),
        Rule("latency-p99", AlertSignal.LatencyP99Ms, AlertComparison.GreaterThan, 200, FiveMinutes, minSample: 100,
            forRuns: 3, keep: 2, AlertSeverity.Warning),
        Rule("queue-depth", AlertSignal.QueueDepthShare, AlertComparison.GreaterThan, 0.5, 0, minSample: 0,
            forRuns: 3, keep: 2, AlertSeverity.Warning),
        Rule("disk-floor", AlertSignal.DiskFreeMegabytes, AlertComparison.LessThan, 2048, 0, minSample: 0,
            forRuns: 2, keep: 2, AlertSeverity.Critical),
        Rule("store-unreachable", AlertSignal.StoreUnreachable, AlertComparison.GreaterOrEqual, 1, 0, minSample: 0,
            forRuns: 2, keep: 1, AlertSeverity.Critical),
        Rule("auth-failures", AlertSignal.AuthFailuresPerMinute, AlertComparison.GreaterThan, 20, FiveMinutes, minSample: 0,
            forRuns: 2, keep: 1, AlertSeverity.Warning),
        Rule("estimated-f1-below-band", AlertSignal.EstimatedF1VsReferenceLower, AlertComparison.LessThan, 0, OneDay, minSample: 500,
            forRuns: 2, keep: 1, AlertSeverity.Warning),
    ];

    private static AlertRule Rule(string name, AlertSignal signal, AlertComparison comparison, double threshold, long window,
        long minSample, int forRuns, int keep, AlertSeverity severity) => new()
    {
        Name = name,
        Signal = signal,
        Comparison = comparison,
        Threshold = threshold,
        WindowSeconds = window,
        MinSample = minSample,
        For = forRuns,
        KeepFiringFor = keep,
        Severity = severity,
    };
}
