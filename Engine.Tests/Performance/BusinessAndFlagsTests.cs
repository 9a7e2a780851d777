using LeadScoring.Engine.Performance.Business;
using LeadScoring.Engine.Performance.Comparison;
using LeadScoring.Engine.Performance.Metrics;
using static LeadScoring.Engine.Tests.Performance.Fixture;

namespace LeadScoring.Engine.Tests.Performance;

public sealed class BusinessAndFlagsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void TopK_EqualsTheFixture_RealizedAndExpected(int caseIndex)
    {
        // make_performance_fixture.py: top_k() over the labelled current rows (realized) and over all current rows with
        // the isotonic-calibrated probabilities (expected); a tie group straddling k counts fractionally.
        var cbpe = Get("cbpe");
        var state = NannyMlParityTests.FitFixture(cbpe, 40);
        var expected = Get("top_k")[caseIndex];
        var k = expected.GetProperty("k").GetInt32();
        var outcomes = cbpe.GetProperty("current_labels").Ints().Select(v => (sbyte)v).ToArray();

        var values = BusinessView.TopK(state, cbpe.GetProperty("current_scores").Doubles(), outcomes, [k]);

        var realized = values.Single(v => v.Kind == ValueKind.Realized);
        var estimated = values.Single(v => v.Kind == ValueKind.Expected);
        Near(expected.GetProperty("realized_precision").GetDouble(), realized.Precision);
        Near(expected.GetProperty("realized_recall").GetDouble(), realized.Recall);
        Near(expected.GetProperty("expected_precision").GetDouble(), estimated.Precision);
        Near(expected.GetProperty("expected_recall").GetDouble(), estimated.Recall);
    }

    [Fact]
    public void Summarize_GivesWhatTopKAndGainsGiveSeparately()
    {
        var cbpe = Get("cbpe");
        var state = NannyMlParityTests.FitFixture(cbpe, 40);
        var scores = cbpe.GetProperty("current_scores").Doubles();
        var outcomes = cbpe.GetProperty("current_labels").Ints().Select(v => (sbyte)v).ToArray();

        var together = BusinessView.Summarize(state, scores, outcomes, [25]);
        var (realized, expected) = BusinessView.Gains(state, scores, outcomes);

        Assert.Equal(BusinessView.TopK(state, scores, outcomes, [25]), together.TopK);
        Assert.Equal(expected.Deciles, together.Expected.Deciles);
        Assert.Equal(realized!.Deciles, together.Realized!.Deciles);
        // Cumulative gain reaches 100 % at the last decile; lift of all rows is 1.
        Assert.Equal(1.0, expected.Deciles[^1].CumulativeGain, 12);
        Assert.Equal(1.0, expected.Deciles[^1].CumulativeLift, 12);
    }

    [Fact]
    public void Flags_NeedTwoBucketsWhollyBelowTheReference_TouchingOrMissingBreaksTheRun()
    {
        var reference = new Interval(0.70, 0.80);
        Interval?[] buckets =
        [
            new(0.60, 0.69), // worse (wholly below), run 1: no flag yet
            new(0.50, 0.65), // worse, run 2: flagged
            new(0.60, 0.70), // touches the reference: not worse, run broken
            new(0.55, 0.68), // worse, run 1
            null,            // too few labels: no verdict, run broken
            new(0.55, 0.68), // worse, run 1 again: no flag
        ];

        var flags = ComparisonFlags.Evaluate(reference, buckets);

        Assert.Equal([true, true, false, true, false, true], flags.Select(f => f.Worse));
        Assert.Equal([false, true, false, false, false, false], flags.Select(f => f.Flagged));
        Assert.Equal(BucketState.TooFewLabels, flags[4].State);
    }

    [Fact]
    public void Flags_ForLosses_WorseMeansWhollyAbove()
    {
        var flags = ComparisonFlags.Evaluate(new Interval(0.20, 0.22), [new Interval(0.23, 0.25), new Interval(0.24, 0.26)], higherIsBetter: false);

        Assert.Equal([false, true], flags.Select(f => f.Flagged));
    }
}
