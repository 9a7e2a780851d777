using LeadScoring.Engine.Performance.Metrics;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Statistics;
using MathNet.Numerics.Distributions;

namespace LeadScoring.Engine.Performance.Shadow;

/// <summary>Options of <see cref="ShadowComparison.Compare"/>.</summary>
public sealed record ShadowComparisonOptions
{
    /// <summary>The champion decides "engaged" iff its score ≥ this.</summary>
    public double ChampionThreshold { get; init; } = ScoreRules.DefaultThreshold;

    /// <summary>The challenger decides "engaged" iff its score ≥ this.</summary>
    public double ChallengerThreshold { get; init; } = ScoreRules.DefaultThreshold;

    /// <summary>Below this many labelled leads the outcome tests are <see cref="PairedTooFewLabels"/> (as
    /// <see cref="RealizedOptions.MinimumLabelled"/>).</summary>
    public int MinimumLabelled { get; init; } = 100;

    /// <summary>Coverage of the Wilson and DeLong intervals.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>McNemar reports the exact binomial p-value when the discordant leads are fewer than this, else the
    /// continuity-corrected chi-square (common practice: 25).</summary>
    public int McNemarExactBelow { get; init; } = 25;
}

/// <summary>How often the two models make the same decision, on every lead both scored.</summary>
/// <param name="Leads">Leads compared.</param>
/// <param name="Agreeing">Leads where both decide the same.</param>
/// <param name="Rate">Agreeing / leads (NaN for no lead).</param>
/// <param name="RateInterval">Wilson score interval of the rate.</param>
/// <param name="OnlyChampionEngaged">Leads the champion calls engaged and the challenger does not.</param>
/// <param name="OnlyChallengerEngaged">Leads the challenger calls engaged and the champion does not.</param>
public sealed record DecisionAgreement(long Leads, long Agreeing, double Rate, Interval RateInterval,
    long OnlyChampionEngaged, long OnlyChallengerEngaged);

/// <summary>Which McNemar p-value is the headline one.</summary>
public enum McNemarMethod
{
    /// <summary>Exact binomial (few discordant leads).</summary>
    Exact,

    /// <summary>Chi-square with continuity correction.</summary>
    ChiSquareCorrected,
}

/// <summary>McNemar's test on the two models' correct/incorrect decisions against outcomes.</summary>
/// <param name="BothCorrect">Leads both decide correctly.</param>
/// <param name="BothWrong">Leads both decide wrongly.</param>
/// <param name="Test">b = only the champion correct, c = only the challenger correct, and both p-values.</param>
/// <param name="Reported">The headline method (<see cref="ShadowComparisonOptions.McNemarExactBelow"/>).</param>
/// <param name="PValue">The headline p-value.</param>
public sealed record PairedDecisions(long BothCorrect, long BothWrong, McNemarResult Test, McNemarMethod Reported,
    double PValue);

/// <summary>The comparison on labelled leads, or why there is none.</summary>
public abstract record PairedOutcomes
{
    /// <summary>Labelled leads.</summary>
    public abstract long Labelled { get; }
}

/// <summary>Fewer labelled leads than <see cref="ShadowComparisonOptions.MinimumLabelled"/>: no test is shown.</summary>
/// <param name="LabelledLeads">Labelled leads available.</param>
/// <param name="Minimum">The configured minimum.</param>
public sealed record PairedTooFewLabels(long LabelledLeads, int Minimum) : PairedOutcomes
{
    /// <inheritdoc />
    public override long Labelled => LabelledLeads;
}

/// <summary>Realized comparison of both models on the same labelled leads.</summary>
/// <param name="LabelledLeads">Labelled leads.</param>
/// <param name="Positives">Converted leads among them.</param>
/// <param name="RocAuc">DeLong's paired test; null when a class has fewer than 2 leads.</param>
/// <param name="RocAucNotDefined">Why <paramref name="RocAuc"/> is null, else null.</param>
/// <param name="Decisions">McNemar's test.</param>
public sealed record PairedOutcomeTests(long LabelledLeads, long Positives, PairedRocAuc? RocAuc,
    string? RocAucNotDefined, PairedDecisions Decisions) : PairedOutcomes
{
    /// <inheritdoc />
    public override long Labelled => LabelledLeads;
}

/// <summary>A shadow challenger against the champion on the same live leads.</summary>
/// <param name="Leads">Leads both models scored.</param>
/// <param name="Agreement">Decision agreement (all leads).</param>
/// <param name="Spearman">Rank correlation of the two score vectors (all leads).</param>
/// <param name="Outcomes">Realized comparison on the labelled leads.</param>
public sealed record ShadowComparisonResult(long Leads, DecisionAgreement Agreement, SpearmanResult Spearman,
    PairedOutcomes Outcomes);

/// <summary>The statistics of a shadow comparison; the score-distribution overlay is the drift room's histogram.</summary>
public static class ShadowComparison
{
    /// <summary>
    /// Compares two score vectors over the same leads (row i is one lead for both). Outcomes are 1 converted,
    /// 0 not, −1 unknown; agreement and rank correlation use every lead, the outcome tests the labelled ones.
    /// </summary>
    public static ShadowComparisonResult Compare(ReadOnlySpan<double> champion, ReadOnlySpan<double> challenger,
        ReadOnlySpan<sbyte> outcomes, ShadowComparisonOptions? options = null)
    {
        options ??= new ShadowComparisonOptions();
        if (!(options.ConfidenceLevel > 0 && options.ConfidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ConfidenceLevel must be in (0, 1).");
        }
        if (champion.Length != challenger.Length || champion.Length != outcomes.Length)
        {
            throw new ArgumentException($"{champion.Length} champion scores, {challenger.Length} challenger scores " +
                $"and {outcomes.Length} outcomes: each lead needs all three.", nameof(outcomes));
        }
        var z = Normal.InvCDF(0, 1, 1 - (1 - options.ConfidenceLevel) / 2);
        long agreeing = 0, onlyChampion = 0, onlyChallenger = 0, labelled = 0;
        for (var i = 0; i < champion.Length; i++)
        {
            ScoreUnits.ValidateScore(champion[i], i);
            ScoreUnits.ValidateScore(challenger[i], i);
            if (outcomes[i] is not (-1 or 0 or 1))
            {
                throw new ArgumentException($"Outcome {i + 1} is {outcomes[i]}; outcomes are 1, 0 or −1 (unknown).",
                    nameof(outcomes));
            }
            var a = ScoreRules.IsEngaged(champion[i], options.ChampionThreshold);
            var b = ScoreRules.IsEngaged(challenger[i], options.ChallengerThreshold);
            agreeing += a == b ? 1 : 0;
            onlyChampion += a && !b ? 1 : 0;
            onlyChallenger += b && !a ? 1 : 0;
            labelled += outcomes[i] >= 0 ? 1 : 0;
        }
        long leads = champion.Length;
        var agreement = new DecisionAgreement(leads, agreeing, leads == 0 ? double.NaN : (double)agreeing / leads,
            RealizedCalculator.Wilson(agreeing, leads, z), onlyChampion, onlyChallenger);
        var spearman = RankCorrelation.Spearman(champion, challenger);
        PairedOutcomes paired = labelled < options.MinimumLabelled || labelled == 0
            ? new PairedTooFewLabels(labelled, options.MinimumLabelled)
            : CompareLabelled(champion, challenger, outcomes, (int)labelled, options, z);
        return new ShadowComparisonResult(leads, agreement, spearman, paired);
    }

    private static PairedOutcomeTests CompareLabelled(ReadOnlySpan<double> champion, ReadOnlySpan<double> challenger,
        ReadOnlySpan<sbyte> outcomes, int labelled, ShadowComparisonOptions options, double z)
    {
        var a = new double[labelled];
        var b = new double[labelled];
        var y = new int[labelled];
        long bothCorrect = 0, bothWrong = 0, onlyChampionCorrect = 0, onlyChallengerCorrect = 0, positives = 0;
        for (int i = 0, k = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] < 0)
            {
                continue;
            }
            (a[k], b[k], y[k]) = (champion[i], challenger[i], outcomes[i]);
            var converted = outcomes[i] == 1;
            positives += converted ? 1 : 0;
            var championRight = ScoreRules.IsEngaged(a[k], options.ChampionThreshold) == converted;
            var challengerRight = ScoreRules.IsEngaged(b[k], options.ChallengerThreshold) == converted;
            bothCorrect += championRight && challengerRight ? 1 : 0;
            bothWrong += !championRight && !challengerRight ? 1 : 0;
            onlyChampionCorrect += championRight && !challengerRight ? 1 : 0;
            onlyChallengerCorrect += challengerRight && !championRight ? 1 : 0;
            k++;
        }
        var test = McNemar.FromDiscordant(onlyChampionCorrect, onlyChallengerCorrect);
        var exact = test.Discordant < options.McNemarExactBelow || test.Discordant == 0;
        var decisions = new PairedDecisions(bothCorrect, bothWrong, test,
            exact ? McNemarMethod.Exact : McNemarMethod.ChiSquareCorrected,
            exact ? test.ExactPValue : test.ChiSquarePValue);
        var rocAuc = DeLong.Paired(a, b, y, z);
        var negatives = labelled - positives;
        string? why = rocAuc is not null ? null
            : positives == 0 || negatives == 0 ? "Every labelled lead has the same outcome: ROC AUC needs both outcomes."
            : $"{positives} converted and {negatives} not converted: DeLong's test needs at least 2 of each.";
        return new PairedOutcomeTests(labelled, positives, rocAuc, why, decisions);
    }
}
