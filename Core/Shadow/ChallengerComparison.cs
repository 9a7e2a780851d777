using LeadScoring.Engine.Performance.Metrics;
using LeadScoring.Engine.Performance.Shadow;

namespace LeadScoring.Core.Shadow;

/// <summary>The plain-language outcome of a shadow comparison on labelled leads.</summary>
public enum ShadowVerdict
{
    /// <summary>Fewer labelled paired leads than <see cref="ShadowOptions.MinimumLabelled"/>.</summary>
    TooFewLabelled,

    /// <summary>Neither DeLong (ROC AUC) nor McNemar (decisions) finds the challenger significantly worse.</summary>
    NotWorse,

    /// <summary>DeLong or McNemar finds the challenger significantly worse (p &lt; 0.05).</summary>
    Worse,
}

/// <summary>Both models' scores binned on the same 20 equal bins over [0, 1] (counts).</summary>
public sealed record PairedScoreBins(long[] Champion, long[] Challenger)
{
    public int Bins => Champion.Length;
}

/// <summary>
/// The challenger against the champion on the live leads both scored in a window: the engine's result plus what
/// a reader needs around it (who, when, how many, what was dropped, a verdict).
/// </summary>
/// <param name="ChampionId">Registry id of the champion the pairs were scored by.</param>
/// <param name="ChampionLabel">"v3".</param>
/// <param name="ChallengerId">Registry id of the challenger.</param>
/// <param name="ChallengerLabel">"v4".</param>
/// <param name="ChampionThreshold">The champion's decision threshold.</param>
/// <param name="ChallengerThreshold">The challenger's decision threshold.</param>
/// <param name="FromUtc">Window start (default: when the challenger was marked).</param>
/// <param name="ToUtc">Window end.</param>
/// <param name="Pairs">Paired predictions compared.</param>
/// <param name="Truncated">True when more pairs existed than <see cref="ShadowOptions.MaxComparisonPairs"/>; the newest were used.</param>
/// <param name="DroppedRows">Rows dropped by a full shadow queue since the service started.</param>
/// <param name="LostRows">Rows accepted but not stored since the service started.</param>
/// <param name="Result">The engine's comparison (agreement, Spearman, paired outcome tests).</param>
/// <param name="ChampionRealized">The champion's realized metrics on the labelled paired leads.</param>
/// <param name="ChallengerRealized">The challenger's realized metrics on the same leads.</param>
/// <param name="Distribution">Both score histograms on the same bins.</param>
/// <param name="Verdict">Not worse, worse, or too few labelled leads.</param>
public sealed record ChallengerComparison(int ChampionId, string ChampionLabel, int ChallengerId, string ChallengerLabel,
    double ChampionThreshold, double ChallengerThreshold, DateTime FromUtc, DateTime ToUtc, long Pairs, bool Truncated,
    long DroppedRows, long LostRows, ShadowComparisonResult Result, RealizedPerformance ChampionRealized,
    RealizedPerformance ChallengerRealized, PairedScoreBins Distribution, ShadowVerdict Verdict)
{
    /// <summary>Significance level of the verdict's tests.</summary>
    public const double Alpha = 0.05;

    /// <summary>The verdict as shown on the page and in the API.</summary>
    public string VerdictText(int minimumLabelled) => Verdict switch
    {
        ShadowVerdict.NotWorse => "not worse",
        ShadowVerdict.Worse => "worse",
        _ => $"too few labelled leads (n < {minimumLabelled})",
    };

    /// <summary>
    /// Worse when the paired ROC AUC test or McNemar's test rejects "equal" at <see cref="Alpha"/> in the champion's
    /// favour; not worse otherwise (including "better" and "no significant difference").
    /// </summary>
    public static ShadowVerdict Decide(PairedOutcomes outcomes) => outcomes switch
    {
        PairedOutcomeTests tests when tests.RocAuc is { } auc && auc.PValue < Alpha && auc.Difference < 0 => ShadowVerdict.Worse,
        PairedOutcomeTests tests when tests.Decisions.PValue < Alpha && tests.Decisions.Test.B > tests.Decisions.Test.C => ShadowVerdict.Worse,
        PairedOutcomeTests => ShadowVerdict.NotWorse,
        _ => ShadowVerdict.TooFewLabelled,
    };
}
