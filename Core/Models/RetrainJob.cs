using LeadScoring.Engine.Training;

namespace LeadScoring.Core.Models;

/// <summary>Where a retrain job is.</summary>
public enum RetrainJobState
{
    Queued = 0,
    Running = 1,
    Completed = 2,
    Failed = 3,
    Cancelled = 4,
}

/// <summary>What to do with a candidate after comparing it with the champion.</summary>
public enum PromotionAdvice
{
    Promote = 0,
    Keep = 1,
}

/// <summary>
/// A candidate and the champion scored on the same holdout rows, with advice: promote when neither ranking metric
/// (ROC AUC, PR AUC) is worse and at least one is better by <see cref="Margin"/>; otherwise keep the champion.
/// </summary>
/// <param name="Candidate">The candidate on the holdout.</param>
/// <param name="Champion">The champion on the same rows at its own threshold; null when there was no champion.</param>
/// <param name="ChampionLabel">e.g. "v1".</param>
/// <param name="Advice">Promote or keep.</param>
/// <param name="Reason">One sentence with the differences.</param>
public sealed record ModelComparison(BinaryEvaluation Candidate, BinaryEvaluation? Champion, string? ChampionLabel, PromotionAdvice Advice, string Reason)
{
    /// <summary>AUC difference below which two models are treated as equal (holdout noise on ~1,000 rows is larger).</summary>
    public const double Margin = 0.005;

    public static ModelComparison Decide(BinaryEvaluation candidate, BinaryEvaluation? champion, string? championLabel)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (champion is null)
        {
            return new(candidate, null, championLabel, PromotionAdvice.Promote, "There is no champion to compare with.");
        }
        var roc = candidate.RocAuc - champion.RocAuc;
        var pr = candidate.PrAuc - champion.PrAuc;
        var better = roc >= -1e-12 && pr >= -1e-12 && (roc >= Margin || pr >= Margin);
        var text = FormattableString.Invariant($"ROC AUC {roc:+0.000;-0.000;0.000}, PR AUC {pr:+0.000;-0.000;0.000} against {championLabel} on the same {candidate.Rows:N0} holdout rows");
        return better
            ? new(candidate, champion, championLabel, PromotionAdvice.Promote, $"Promote: {text}.")
            : new(candidate, champion, championLabel, PromotionAdvice.Keep, $"Keep the champion: {text} (promotion needs +{Margin:0.000} on one AUC and no loss on the other).");
    }
}

/// <summary>
/// One retrain job. State lives in the singleton <see cref="RetrainService"/>, not in a page, so it survives
/// navigation; pages read these properties and re-render on <see cref="Storage.StoreChange.Retrain"/>.
/// </summary>
public sealed class RetrainJob
{
    internal RetrainJob(Guid id, RetrainRequest request, string requestedBy, DateTime createdAtUtc)
    {
        Id = id;
        Request = request;
        RequestedBy = requestedBy;
        CreatedAtUtc = createdAtUtc;
    }

    public Guid Id { get; }
    public RetrainRequest Request { get; }
    public string RequestedBy { get; }
    public DateTime CreatedAtUtc { get; }
    public RetrainJobState State { get; internal set; }
    /// <summary>Latest progress; written by the worker, read by pages (a reference swap, so never torn).</summary>
    public BuildProgress Progress
    {
        get => _progress.Value;
        internal set => _progress = new ProgressBox(value);
    }
    public DateTime? FinishedAtUtc { get; internal set; }

    /// <summary>The registered candidate when the job completed.</summary>
    public ModelVersionInfo? Candidate { get; internal set; }

    /// <summary>The candidate against the champion on the same holdout, when completed.</summary>
    public ModelComparison? Comparison { get; internal set; }

    /// <summary>A user-facing reason when the job failed.</summary>
    public string? Error { get; internal set; }

    public bool IsFinished => State is RetrainJobState.Completed or RetrainJobState.Failed or RetrainJobState.Cancelled;

    internal CancellationTokenSource Cancellation { get; } = new();

    private volatile ProgressBox _progress = new(new BuildProgress(0, "Queued"));

    private sealed record ProgressBox(BuildProgress Value);
}
