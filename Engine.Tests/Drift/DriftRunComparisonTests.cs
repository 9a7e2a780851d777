using LeadScoring.Engine.Drift;

namespace LeadScoring.Engine.Tests.Drift;

/// <summary>Two reports with known results, compared.</summary>
public sealed class DriftRunComparisonTests
{
    private const string HashA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string HashB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private static ColumnDriftResult Tested(string column, bool drifted, double pValue, double statistic) => new()
    {
        Column = column, Status = ColumnDriftStatus.Tested, Test = DriftTest.KolmogorovSmirnov, IsPValue = true, Drifted = drifted,
        Score = pValue, Statistic = statistic, Threshold = 0.05,
    };

    private static DriftReport Report(DriftAlertLevel level, double share, params ColumnDriftResult[] columns) => new()
    {
        Profile = DriftProfile.Evidently, Columns = columns, DriftShare = share, AlertLevel = level,
        TestedColumns = columns.Count(c => c.Status == ColumnDriftStatus.Tested), DriftedColumns = columns.Count(c => c.Drifted),
    };

    private static readonly DriftReport s_a = Report(DriftAlertLevel.Yellow, 1 / 3.0,
        Tested("age", drifted: false, pValue: 0.40, statistic: 0.05),
        Tested("source", drifted: true, pValue: 0.01, statistic: 0.30),
        Tested("industry", drifted: false, pValue: 0.70, statistic: 0.02),
        new ColumnDriftResult { Column = "region", Status = ColumnDriftStatus.NotTestable, Reason = "absent" });

    private static readonly DriftReport s_b = Report(DriftAlertLevel.Red, 2 / 3.0,
        Tested("age", drifted: true, pValue: 0.001, statistic: 0.25),
        Tested("source", drifted: false, pValue: 0.30, statistic: 0.06),
        Tested("industry", drifted: false, pValue: 0.60, statistic: 0.03),
        Tested("region", drifted: true, pValue: 0.0, statistic: 0.9));

    [Fact]
    public void Compare_FlagsFlipsBothWays_WithStatisticsAndDeltas()
    {
        var result = DriftRunComparer.Compare(new DriftRunSide(s_a, HashA, "{}", 1), new DriftRunSide(s_b, HashA, "{}", 1));

        var age = result.Columns.Single(c => c.Column == "age");
        Assert.Equal(DriftFlip.BecameDrifted, age.Flip);
        Assert.Equal((0.05, 0.25), (age.StatisticA, age.StatisticB));
        Assert.Equal(0.001 - 0.40, age.ScoreDelta!.Value, 12);
        Assert.Equal(DriftFlip.NoLongerDrifted, result.Columns.Single(c => c.Column == "source").Flip);
        Assert.Equal(DriftFlip.None, result.Columns.Single(c => c.Column == "industry").Flip);
        // Not tested in A: no call to flip from, whatever B says.
        Assert.Equal(DriftFlip.None, result.Columns.Single(c => c.Column == "region").Flip);
        Assert.Equal(["age", "source"], result.Flipped.Select(c => c.Column));
        Assert.Equal(1 / 3.0, result.ShareDelta, 12);
        Assert.True(result.LevelChanged);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void Compare_DifferentReferenceHashConfigAndModel_SaysSo()
    {
        var result = DriftRunComparer.Compare(new DriftRunSide(s_a, HashA, """{"redShare":0.5}""", 1), new DriftRunSide(s_b, HashB, """{"redShare":0.4}""", 2));

        Assert.Contains(result.Notes, n => n.Contains("different references", StringComparison.Ordinal) && n.Contains("aaaaaaaaaaaa", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("different drift configurations", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("different model versions", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_UnknownReference_SaysItCannotTell()
    {
        var result = DriftRunComparer.Compare(new DriftRunSide(s_a, null, "{}", null), new DriftRunSide(s_b, HashB, "{}", null));

        Assert.Contains(result.Notes, n => n.Contains("unknown", StringComparison.Ordinal));
    }
}
