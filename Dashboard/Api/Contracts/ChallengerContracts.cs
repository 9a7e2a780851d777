using LeadScoring.Core.Shadow;
using LeadScoring.Engine.Performance.Metrics;
using LeadScoring.Engine.Performance.Shadow;

namespace LeadScoring.Dashboard.Api.Contracts;

/// <summary>A model in the comparison.</summary>
public sealed record ComparedModel(int Id, string Version, double Threshold);

/// <summary>A value with its interval; null values mean "not defined" (e.g. too few leads).</summary>
public sealed record ValueWithInterval(double? Value, double? Lower, double? Upper);

/// <summary>A metric of both models on the same labelled leads.</summary>
public sealed record PairedMetric(ValueWithInterval Champion, ValueWithInterval Challenger);

/// <summary>Both score histograms on the same equal bins over [0, 1] (counts).</summary>
public sealed record ScoreDistributionPair(int Bins, long[] Champion, long[] Challenger);

/// <summary>Decision agreement on every paired lead, with its Wilson interval.</summary>
public sealed record AgreementBody(long Leads, long Agreeing, double? Rate, double? Lower, double? Upper, long OnlyChampionEngaged, long OnlyChallengerEngaged);

/// <summary>Spearman's rank correlation of the two scores.</summary>
public sealed record SpearmanBody(double? Rho, double? PValue, int Count);

/// <summary>McNemar's test: leads only one model decides correctly, and the headline p-value.</summary>
public sealed record McNemarBody(long OnlyChampionCorrect, long OnlyChallengerCorrect, double? PValue, string Method);

/// <summary>The answer of <c>GET /api/models/challenger/comparison</c>: what the Models page's challenger panel shows.</summary>
public sealed record ChallengerComparisonResponse(
    ComparedModel Champion, ComparedModel Challenger, DateTime From, DateTime To, long PairedRequests, bool Truncated,
    long DroppedRows, long LostRows, AgreementBody Agreement, SpearmanBody Spearman, ScoreDistributionPair Distribution,
    long LabelledLeads, int MinimumLabelled, PairedMetric? RocAuc, PairedMetric? F1, double? DelongPValue, McNemarBody? Mcnemar,
    string Verdict, string VerdictText)
{
    public static ChallengerComparisonResponse Create(ChallengerComparison c, int minimumLabelled)
    {
        var agreement = c.Result.Agreement;
        var tests = c.Result.Outcomes as PairedOutcomeTests;
        return new ChallengerComparisonResponse(
            new ComparedModel(c.ChampionId, c.ChampionLabel, c.ChampionThreshold),
            new ComparedModel(c.ChallengerId, c.ChallengerLabel, c.ChallengerThreshold),
            c.FromUtc, c.ToUtc, c.Pairs, c.Truncated, c.DroppedRows, c.LostRows,
            new AgreementBody(agreement.Leads, agreement.Agreeing, Finite(agreement.Rate), Finite(agreement.RateInterval.Lower),
                Finite(agreement.RateInterval.Upper), agreement.OnlyChampionEngaged, agreement.OnlyChallengerEngaged),
            new SpearmanBody(Finite(c.Result.Spearman.Rho), Finite(c.Result.Spearman.PValue), c.Result.Spearman.Count),
            new ScoreDistributionPair(c.Distribution.Bins, c.Distribution.Champion, c.Distribution.Challenger),
            c.Result.Outcomes.Labelled, minimumLabelled,
            Metric(c, m => m.RocAuc), Metric(c, m => m.F1),
            tests?.RocAuc is { } auc ? Finite(auc.PValue) : null,
            tests is null ? null : new McNemarBody(tests.Decisions.Test.B, tests.Decisions.Test.C, Finite(tests.Decisions.PValue),
                tests.Decisions.Reported == McNemarMethod.Exact ? "exact" : "chi_square_corrected"),
            c.Verdict switch { ShadowVerdict.NotWorse => "not_worse", ShadowVerdict.Worse => "worse", _ => "too_few_labelled" },
            c.VerdictText(minimumLabelled));
    }

    private static PairedMetric? Metric(ChallengerComparison c, Func<RealizedMetrics, MetricResult> pick) =>
        c.ChampionRealized is RealizedMetrics a && c.ChallengerRealized is RealizedMetrics b ? new PairedMetric(Value(pick(a)), Value(pick(b))) : null;

    private static ValueWithInterval Value(MetricResult metric) =>
        metric is MetricEstimate e ? new ValueWithInterval(Finite(e.Value), Finite(e.Lower), Finite(e.Upper)) : new ValueWithInterval(null, null, null);

    // JSON has no NaN: an undefined statistic is null.
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
