namespace LeadScoring.Engine.Alerts;

/// <summary>What a rule watches. The collector (outside the engine) measures each one over the rule's window.</summary>
public enum AlertSignal
{
    /// <summary>Drift level of the latest batch: 0 green, 1 yellow, 2 red (<see cref="Drift.DriftAlertLevel"/> as a number).</summary>
    BatchDriftLevel,

    /// <summary>Share of drifted columns over the window (0..1).</summary>
    WindowDriftShare,

    /// <summary>KS p-value of current vs reference scores. Needs an effect guard (no crying wolf on big samples).</summary>
    PredictionDriftPValue,

    /// <summary>Normed Wasserstein distance of current vs reference scores (an effect size).</summary>
    ScoreWasserstein,

    /// <summary>PSI of current vs reference scores (an effect size).</summary>
    ScorePsi,

    /// <summary>CBPE-estimated F1 minus the lower bound of the reference band (below 0 = under the band).</summary>
    EstimatedF1VsReferenceLower,

    /// <summary>Realized F1 (from outcomes) minus the lower bound of the reference band.</summary>
    RealizedF1VsReferenceLower,

    /// <summary>Share of /predict requests answered with an error (0..1).</summary>
    PredictErrorRate,

    /// <summary>99th percentile /predict latency in milliseconds.</summary>
    LatencyP99Ms,

    /// <summary>Queue length as a share of its capacity (0..1).</summary>
    QueueDepthShare,

    /// <summary>Free disk space of the store's volume in megabytes.</summary>
    DiskFreeMegabytes,

    /// <summary>1 when the store could not be reached, 0 otherwise.</summary>
    StoreUnreachable,

    /// <summary>API-key authentication failures per minute.</summary>
    AuthFailuresPerMinute,
}

/// <summary>Facts about signals the validator and the evaluator rely on.</summary>
public static class AlertSignals
{
    /// <summary>Signals that are an effect size, usable as a drift rule's effect guard.</summary>
    public static bool IsEffectSize(AlertSignal signal) => signal is AlertSignal.ScoreWasserstein or AlertSignal.ScorePsi;

    /// <summary>Signals that are a test's p-value: on large samples they are significant for negligible shifts,
    /// so a rule on them must also require an effect size above a floor.</summary>
    public static bool IsPValue(AlertSignal signal) => signal is AlertSignal.PredictionDriftPValue;
}
