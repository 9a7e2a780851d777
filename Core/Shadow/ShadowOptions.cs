namespace LeadScoring.Core.Shadow;

/// <summary>Limits of shadow scoring (configuration section "Shadow").</summary>
public sealed class ShadowOptions
{
    public const string SectionName = "Shadow";

    /// <summary>Rows waiting for the challenger at most; more are dropped and counted, never queued.</summary>
    public int QueueRows { get; set; } = 20_000;

    /// <summary>Challenger scores stored per transaction at most.</summary>
    public int RowsPerWrite { get; set; } = 2_000;

    /// <summary>
    /// The worker thread's Linux nice value (0–19): 19 lets the challenger use only CPU the requests leave idle, so
    /// the client's latency does not change (rows it cannot keep up with are dropped and counted); 0 = normal priority.
    /// </summary>
    public int WorkerNice { get; set; } = 19;

    /// <summary>Most recent pairs a comparison loads at most (the engine's memory and time stay bounded).</summary>
    public int MaxComparisonPairs { get; set; } = 200_000;

    /// <summary>Below this many labelled paired leads no outcome test or verdict is given.</summary>
    public int MinimumLabelled { get; set; } = 100;

    /// <summary>A plain-language reason when a value is out of range, else null.</summary>
    public string? Problem() =>
        QueueRows < 1 ? $"Shadow:QueueRows must be at least 1 (was {QueueRows})."
        : RowsPerWrite < 1 ? $"Shadow:RowsPerWrite must be at least 1 (was {RowsPerWrite})."
        : WorkerNice is < 0 or > 19 ? $"Shadow:WorkerNice must be from 0 to 19 (was {WorkerNice})."
        : MaxComparisonPairs < 1 ? $"Shadow:MaxComparisonPairs must be at least 1 (was {MaxComparisonPairs})."
        : MinimumLabelled < 1 ? $"Shadow:MinimumLabelled must be at least 1 (was {MinimumLabelled})."
        : null;
}
