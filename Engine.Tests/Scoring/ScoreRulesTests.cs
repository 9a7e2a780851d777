using LeadScoring.Engine.Scoring;

namespace LeadScoring.Engine.Tests.Scoring;

public sealed class ScoreRulesTests
{
    // Expected values from /usr/bin/python3: [round(x, 4) for x in (...)]. Math.Round(x, 4, ToEven) gives the
    // second value in each comment (scaling by 10^4 first lands on the wrong side of the midpoint).
    [Theory]
    [InlineData(0.00025, 0.0003)] // Math.Round: 0.0002
    [InlineData(0.12345, 0.1235)] // 0.1234
    [InlineData(0.75585, 0.7559)] // 0.7558
    [InlineData(0.33335, 0.3333)] // 0.3334
    [InlineData(0.44445, 0.4445)] // 0.4444
    [InlineData(0.00035, 0.0003)] // 0.0004
    [InlineData(0.93255, 0.9325)] // 0.9326
    [InlineData(0.00015, 0.0001)]
    [InlineData(0.7558503150939941, 0.7559)] // README row 119, 3.2e-7 from a midpoint
    [InlineData(0.99995, 1.0)]
    [InlineData(0.123456, 0.1235)]
    [InlineData(-0.12345, -0.1235)]
    [InlineData(0.5, 0.5)]
    [InlineData(0.0, 0.0)]
    public void RoundScore_MatchesPythonRound(double value, double expected) =>
        Assert.Equal(expected, ScoreRules.RoundScore(value));

    [Theory]
    [InlineData(2.5, 0, 2.0)] // round(2.5) == 2: exact ties go to even
    [InlineData(3.5, 0, 4.0)]
    [InlineData(0.125, 2, 0.12)] // 0.125 is exact in binary: a true tie
    [InlineData(0.375, 2, 0.38)]
    [InlineData(2.675, 2, 2.67)] // 2.675 is 2.67499999... in binary
    public void PythonRound_TiesAndBinaryNeighbours_MatchPython(double value, int digits, double expected) =>
        Assert.Equal(expected, ScoreRules.PythonRound(value, digits));

    [Theory]
    [InlineData(0.7, ConfidenceBand.High)]
    [InlineData(0.6999999, ConfidenceBand.Medium)]
    [InlineData(0.5, ConfidenceBand.Medium)]
    [InlineData(0.4, ConfidenceBand.Medium)]
    [InlineData(0.399, ConfidenceBand.Low)]
    [InlineData(0.05, ConfidenceBand.Low)]
    public void Confidence_BandsAreInclusiveAtLowerBounds(double score, ConfidenceBand expected) =>
        Assert.Equal(expected, ScoreRules.Confidence(score));

    [Fact]
    public void IsEngaged_ScoreAtThreshold_IsEngaged()
    {
        Assert.True(ScoreRules.IsEngaged(0.5));
        Assert.False(ScoreRules.IsEngaged(0.49999999));
        Assert.True(ScoreRules.IsEngaged(0.3, threshold: 0.3));
        Assert.Equal("engaged", ScoreRules.LabelText(true));
        Assert.Equal("not_engaged", ScoreRules.LabelText(false));
    }
}
