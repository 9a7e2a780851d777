using System.Diagnostics;
using LeadScoring.Engine.Alerts;
using LeadScoring.Engine.Statistics;

namespace LeadScoring.Engine.Tests.Alerts;

/// <summary>
/// The false-alarm story with known truth: 1,000,000 scores from one distribution (40,000 reference, then 48 hourly
/// windows of 20,000), tested with the project's KS and PSI. Nothing changed, so every alarm is false.
/// </summary>
public class QuietTrafficSimulationTests
{
    private const int ReferenceRows = 40_000;
    private const int Hours = 48;
    private const int RowsPerHour = 20_000;
    private const double Alpha = 0.05;
    private static readonly double[] s_psiEdges = Enumerable.Range(0, 11).Select(i => i / 10.0).ToArray();

    [Fact]
    public void GuardedRuleNeverFires_WhileAPValueOnlyRuleCriesWolf()
    {
        var clock = Stopwatch.StartNew();
        var (guarded, unguarded, significantHours) = Simulate(shift: 0.0, seed: 20260105);
        Assert.Equal(0, guarded);
        Assert.Equal(4, unguarded);        // seeded: the 4 hours with p < α, each a page for nothing
        Assert.Equal(4, significantHours);  // ≈ α·48 = 2.4 expected by chance alone
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void GuardedRuleFires_WhenTheScoresReallyShift()
    {
        var (guarded, _, significantHours) = Simulate(shift: 0.8, seed: 7);
        Assert.Equal(Hours, significantHours);
        Assert.Equal(1, guarded);   // fired once and stayed firing
    }

    // Returns how often the guarded and the unguarded rule fired and the hours with p < α.
    private static (int Guarded, int Unguarded, int SignificantHours) Simulate(double shift, int seed)
    {
        var random = new Random(seed);
        var reference = Scores(random, ReferenceRows, 0.0);
        var referenceShares = Shares(reference);
        var guardedRule = new AlertRule
        {
            Name = "guarded",
            Signal = AlertSignal.PredictionDriftPValue,
            Comparison = AlertComparison.LessThan,
            Threshold = Alpha,
            WindowSeconds = 3600,
            MinSample = 1000,
            RepeatIntervalSeconds = 0,
            Effect = new EffectGuard(AlertSignal.ScorePsi, DefaultAlertRules.PsiFloor),
        };
        var unguardedRule = guardedRule with { Name = "unguarded", Effect = null };   // what import refuses
        var evaluator = new AlertEvaluator([guardedRule, unguardedRule]);
        var events = new List<AlertEvent>();
        var significant = 0;
        for (var hour = 0; hour < Hours; hour++)
        {
            var current = Scores(random, RowsPerHour, shift);
            var p = KolmogorovSmirnov.TwoSample(reference, current).PValue;
            var psi = Divergences.PopulationStabilityIndex(referenceShares, Shares(current));
            significant += p < Alpha ? 1 : 0;
            var observation = new AlertObservation(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero).AddHours(hour))
                .With(AlertSignal.PredictionDriftPValue, 3600, p, RowsPerHour)
                .With(AlertSignal.ScorePsi, 3600, psi, RowsPerHour);
            events.AddRange(evaluator.Evaluate(observation).Events);
        }
        return (Fired("guarded"), Fired("unguarded"), significant);

        int Fired(string rule) => events.Count(e => e.Rule == rule && e.Kind == AlertEventKind.Fired);
    }

    // Lead-score-like values in (0, 1): the logistic of a normal, moved by `shift` on the logit scale.
    private static double[] Scores(Random random, int count, double shift)
    {
        var scores = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * random.NextDouble());
            scores[i] = 1 / (1 + Math.Exp(-(-1.2 + 1.1 * z + shift)));
        }
        return scores;
    }

    private static double[] Shares(double[] scores)
    {
        var counts = HistogramBinning.Counts(scores, s_psiEdges);
        var shares = counts.Select(c => (double)c / scores.Length).ToArray();
        HistogramBinning.FillZeroes(shares);
        return shares;
    }
}
