using System.Text.Json;
using LeadScoring.Engine.Performance.Metrics;
using LeadScoring.Engine.Performance.Shadow;
using LeadScoring.Engine.Statistics;
using LeadScoring.Engine.Tests.Infrastructure;
using static LeadScoring.Engine.Tests.Statistics.StatisticsTestData;

namespace LeadScoring.Engine.Tests.Performance;

/// <summary>
/// The shadow comparison against Engine.Tests/Performance/paired_reference.py (scikit-learn 1.2.1, scipy 1.10.1, an
/// O(n²) DeLong in numpy), literal McNemar/Spearman values from scipy, and simulations with known truth.
/// </summary>
public sealed class ShadowComparisonTests
{
    private const double Rel = 1e-12;

    private static readonly Lazy<JsonElement> Cases = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(
        TestPaths.RepositoryRoot, "Engine.Tests", "Performance", "Fixtures", "paired_fixture.json")))
        .RootElement.GetProperty("cases"));

    public static TheoryData<string> CaseNames() =>
        [.. Cases.Value.EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Every_figure_equals_the_independent_reference(string name)
    {
        var c = Cases.Value.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        double D(string p) => c.GetProperty(p).GetDouble();
        long L(string p) => c.GetProperty(p).GetInt64();
        var result = ShadowComparison.Compare(c.GetProperty("champion").Doubles(), c.GetProperty("challenger").Doubles(),
            c.GetProperty("outcomes").Ints().Select(v => (sbyte)v).ToArray(),
            new ShadowComparisonOptions
            {
                ChampionThreshold = D("champion_threshold"), ChallengerThreshold = D("challenger_threshold"),
                MinimumLabelled = 30,
            });

        Assert.Equal(L("leads"), result.Leads);
        Assert.Equal(L("agreeing"), result.Agreement.Agreeing);
        Assert.Equal(D("agreement_rate"), result.Agreement.Rate);
        Close(D("agreement_lower"), result.Agreement.RateInterval.Lower, Rel);
        Close(D("agreement_upper"), result.Agreement.RateInterval.Upper, Rel);
        Close(D("spearman_rho"), result.Spearman.Rho, Rel);
        Close(D("spearman_p"), result.Spearman.PValue, Rel);

        var tests = Assert.IsType<PairedOutcomeTests>(result.Outcomes);
        Assert.Equal(L("labelled"), tests.LabelledLeads);
        Assert.Equal(L("positives"), tests.Positives);
        var auc = Assert.IsType<PairedRocAuc>(tests.RocAuc);
        // Exact integer ratio here, sklearn's trapezoids there: equal to the last bit or two.
        Close(D("auc_champion"), auc.ChampionAuc, 1e-15);
        Close(D("auc_challenger"), auc.ChallengerAuc, 1e-15);
        Close(Math.Sqrt(D("delong_var_champion")), auc.ChampionStandardError, Rel);
        Close(Math.Sqrt(D("delong_var_challenger")), auc.ChallengerStandardError, Rel);
        Close(D("difference"), auc.Difference, Rel);
        Close(D("difference_se"), auc.StandardError, Rel);
        Close(D("z"), auc.Z, Rel);
        Close(D("p_value"), auc.PValue, Rel);
        Close(D("difference_lower"), auc.DifferenceInterval.Lower, Rel);
        Close(D("difference_upper"), auc.DifferenceInterval.Upper, Rel);

        var mcnemar = tests.Decisions;
        Assert.Equal(L("both_correct"), mcnemar.BothCorrect);
        Assert.Equal(L("both_wrong"), mcnemar.BothWrong);
        Assert.Equal(L("mcnemar_b"), mcnemar.Test.B);
        Assert.Equal(L("mcnemar_c"), mcnemar.Test.C);
        Close(D("mcnemar_exact_p"), mcnemar.Test.ExactPValue, Rel);
        Close(D("mcnemar_chi2"), mcnemar.Test.ChiSquare, Rel);
        Close(D("mcnemar_chi2_p"), mcnemar.Test.ChiSquarePValue, Rel);
        var exact = mcnemar.Test.Discordant < 25;
        Assert.Equal(exact ? McNemarMethod.Exact : McNemarMethod.ChiSquareCorrected, mcnemar.Reported);
        Assert.Equal(exact ? mcnemar.Test.ExactPValue : mcnemar.Test.ChiSquarePValue, mcnemar.PValue);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Paired_standard_errors_equal_the_single_model_DeLong_interval(string name)
    {
        // One definition of the structural components: the realized metrics' DeLong interval is AUC ± z·SE.
        var c = Cases.Value.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var outcomes = c.GetProperty("outcomes").Ints();
        var labelled = Enumerable.Range(0, outcomes.Length).Where(i => outcomes[i] >= 0).ToArray();
        var scores = c.GetProperty("champion").Doubles();
        var a = labelled.Select(i => scores[i]).ToArray();
        var y = labelled.Select(i => outcomes[i]).ToArray();
        var paired = DeLong.Paired(a, a, y, 1.959963984540054)!;
        var realized = Assert.IsType<RealizedMetrics>(RealizedCalculator.Compute(a, y,
            new RealizedOptions { MinimumLabelled = 1, Resamples = 10 }));
        var half = 1.959963984540054 * paired.ChampionStandardError;
        Close(Math.Max(0, paired.ChampionAuc - half), realized.RocAucDeLong!.Lower, 1e-14);
        Close(Math.Min(1, paired.ChampionAuc + half), realized.RocAucDeLong.Upper, 1e-14);
        Assert.Equal(0.0, paired.Difference);
        Assert.Equal(0.0, paired.StandardError);
        Assert.Equal(1.0, paired.PValue);
    }

    [Theory]
    // scipy.stats.binomtest(b, b + c, 0.5).pvalue; (|b − c| − 1)²/(b + c) and scipy.stats.chi2.sf(·, 1).
    [InlineData(7, 7, 1.0, 0.07142857142857142, 0.7892680261342813)]
    [InlineData(3, 0, 0.25, 1.3333333333333333, 0.24821307898992026)]
    [InlineData(0, 1, 1.0, 0.0, 1.0)]
    [InlineData(12, 30, 0.007915897334896727, 6.880952380952381, 0.008711912962379598)]
    [InlineData(400, 470, 0.019267052848609065, 5.472413793103448, 0.019318925570162244)]
    [InlineData(2, 9, 0.0654296875, 3.272727272727273, 0.070440429272088)]
    public void McNemar_equals_scipy_binomtest_and_the_corrected_chi_square(long b, long c, double exact,
        double chiSquare, double chiSquareP)
    {
        var r = McNemar.FromDiscordant(b, c);
        Close(exact, r.ExactPValue, Rel);
        Close(chiSquare, r.ChiSquare, Rel);
        Close(chiSquareP, r.ChiSquarePValue, Rel);
    }

    [Fact]
    public void McNemar_without_discordant_leads_is_no_evidence()
    {
        var r = McNemar.FromDiscordant(0, 0);
        Assert.Equal(1.0, r.ExactPValue);
        Assert.True(double.IsNaN(r.ChiSquarePValue));
    }

    [Fact]
    public void Ranks_and_spearman_equal_scipy()
    {
        // scipy.stats.rankdata([0.3, 0.1, 0.3, 0.2, 0.3, 0.1])
        Assert.Equal([5.0, 1.5, 5.0, 3.0, 5.0, 1.5], RankCorrelation.AverageRanks([0.3, 0.1, 0.3, 0.2, 0.3, 0.1]));
        // scipy.stats.spearmanr(...) -> (0.8207826816681233, 0.08858700531354381), (0.6484967585438682, 0.08196354691119588)
        var r = RankCorrelation.Spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]);
        Close(0.8207826816681233, r.Rho, Rel);
        Close(0.08858700531354381, r.PValue, Rel);
        r = RankCorrelation.Spearman([0.1, 0.2, 0.2, 0.4, 0.5, 0.6, 0.6, 0.9], [0.3, 0.1, 0.2, 0.2, 0.8, 0.5, 0.7, 0.6]);
        Close(0.6484967585438682, r.Rho, Rel);
        Close(0.08196354691119588, r.PValue, Rel);
        Assert.False(RankCorrelation.Spearman([0.4, 0.4, 0.4], [0.1, 0.2, 0.3]).IsDefined);
        Assert.Equal(0.0, RankCorrelation.Spearman([0.1, 0.2, 0.3], [0.2, 0.4, 0.9]).PValue);
    }

    [Fact]
    public void Too_few_labels_gives_no_test_but_agreement_and_correlation_still_come()
    {
        var champion = Enumerable.Range(0, 200).Select(i => i / 200.0).ToArray();
        var challenger = champion.Select(s => Math.Round(1 - s, 1)).ToArray();
        var outcomes = Enumerable.Range(0, 200).Select(i => (sbyte)(i < 99 ? i % 2 : -1)).ToArray();
        var result = ShadowComparison.Compare(champion, challenger, outcomes);
        var few = Assert.IsType<PairedTooFewLabels>(result.Outcomes);
        Assert.Equal(99, few.LabelledLeads);
        Assert.Equal(100, few.Minimum);
        Assert.Equal(200, result.Agreement.Leads);
        Assert.True(result.Spearman.Rho < -0.99);
        Assert.IsType<PairedOutcomeTests>(ShadowComparison.Compare(champion, challenger, outcomes,
            new ShadowComparisonOptions { MinimumLabelled = 99 }).Outcomes);
    }

    [Fact]
    public void Confidence_level_and_the_McNemar_switch_are_options()
    {
        var c = Cases.Value.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "ties_one_decimal_n60");
        var options = new ShadowComparisonOptions { MinimumLabelled = 30, ConfidenceLevel = 0.90, McNemarExactBelow = 0 };
        var tests = Assert.IsType<PairedOutcomeTests>(ShadowComparison.Compare(c.GetProperty("champion").Doubles(),
            c.GetProperty("challenger").Doubles(), c.GetProperty("outcomes").Ints().Select(v => (sbyte)v).ToArray(),
            options).Outcomes);
        var auc = tests.RocAuc!;
        // scipy.stats.norm.ppf(0.95) = 1.6448536269514722
        Close(auc.Difference - 1.6448536269514722 * auc.StandardError, auc.DifferenceInterval.Lower, 1e-14);
        Assert.Equal(McNemarMethod.ChiSquareCorrected, tests.Decisions.Reported);
        Assert.Equal(tests.Decisions.Test.ChiSquarePValue, tests.Decisions.PValue);
    }

    [Fact]
    public void One_outcome_only_says_why_there_is_no_AUC_test()
    {
        var scores = Enumerable.Range(0, 10).Select(i => i / 10.0).ToArray();
        var outcomes = Enumerable.Repeat((sbyte)1, 10).ToArray();
        var tests = Assert.IsType<PairedOutcomeTests>(ShadowComparison.Compare(scores, scores, outcomes,
            new ShadowComparisonOptions { MinimumLabelled = 5 }).Outcomes);
        Assert.Null(tests.RocAuc);
        Assert.Contains("both outcomes", tests.RocAucNotDefined, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_names_the_lead()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            ShadowComparison.Compare([0.1, 0.2], [0.1, 1.5], [0, 1]));
        Assert.Contains("Score 2", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => ShadowComparison.Compare([0.1, 0.2], [0.1, 0.5], [0, 2]));
        Assert.Contains("Outcome 2", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => ShadowComparison.Compare([0.1, 0.2], [0.1], [0, 1]));
        Assert.Contains("1 challenger scores", ex.Message, StringComparison.Ordinal);
    }
}
