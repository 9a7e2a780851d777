namespace LeadScoring.Core.Storage.Retention;

/// <summary>How long the store keeps what (configuration section "Retention"). 0 days keeps a kind forever.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Whether the background purge runs at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Days raw rows are kept: predictions (with the outcomes that label them and, once empty, their batches),
    /// request metrics and health probes. Score and latency history older than this lives on in the hourly rollups.
    /// </summary>
    public int PredictionDays { get; set; } = 90;

    /// <summary>Days the hourly rollups are kept; at least <see cref="PredictionDays"/> (a rollup stands for raw rows).</summary>
    public int RollupDays { get; set; } = 400;

    /// <summary>Days drift-run records (each with its full report) are kept; 0 keeps them forever.</summary>
    public int DriftRunDays { get; set; } = 400;

    /// <summary>Rows deleted per transaction: small enough that a writer (/predict) never waits long for the lock.</summary>
    public int BatchSize { get; set; } = 2_000;

    /// <summary>Pause between two delete transactions, so queued writes get the lock in between.</summary>
    public int PauseBetweenBatchesMs { get; set; } = 20;

    /// <summary>Minutes between two purges (the first runs shortly after start).</summary>
    public int IntervalMinutes { get; set; } = 60;

    /// <summary>Why these options cannot run, naming the setting; null when they can.</summary>
    public string? Problem() =>
        PredictionDays < 0 ? "Retention:PredictionDays must be 0 (keep forever) or more."
        : RollupDays < 0 ? "Retention:RollupDays must be 0 (keep forever) or more."
        : RollupDays > 0 && (PredictionDays == 0 || RollupDays < PredictionDays)
            ? $"Retention:RollupDays ({RollupDays}) must be 0 or at least Retention:PredictionDays ({PredictionDays}): a rolled-up hour stands for raw rows still kept."
        : DriftRunDays < 0 ? "Retention:DriftRunDays must be 0 (keep forever) or more."
        : BatchSize is < 1 or > 100_000 ? $"Retention:BatchSize ({BatchSize}) must be between 1 and 100000."
        : PauseBetweenBatchesMs < 0 ? "Retention:PauseBetweenBatchesMs must be 0 or more."
        : IntervalMinutes < 1 ? "Retention:IntervalMinutes must be at least 1."
        : null;
}
