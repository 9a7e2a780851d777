using LeadScoring.Engine.Drift;
using static LeadScoring.Engine.Tests.Drift.DriftTestData;
using static LeadScoring.Engine.Tests.Statistics.StatisticsTestData;

namespace LeadScoring.Engine.Tests.Drift;

// Expected values: Evidently's code path emulated with scipy/pandas by drift_expected.py in this folder
// (Benchmarks/python/drift_peer.py column_drift), printed as "name: test=... score=... drifted=...".
public class DriftDetectorEvidentlyTests
{
    private static DriftReport SmallRegime()
    {
        var reference = new DriftDataset(
        [
            Float("cont", Lcg(100, 31, 10)), Float("tri", Tri(100, 33, 0.0)), Int("bin", Binary(100, 35, 0.73)),
            new CategoricalDriftColumn("city", City(100, 37, false)), Float("withnan", WithMissing(Lcg(100, 39, 5), double.PositiveInfinity)),
            Float("const", Enumerable.Repeat(5.0, 100).ToArray()),
        ]);
        var current = new DriftDataset(
        [
            Float("cont", Lcg(60, 32, 10, 1.5)), Float("tri", Tri(60, 34, 0.4)), Int("bin", Binary(60, 36, 0.62)),
            new CategoricalDriftColumn("city", City(60, 38, true)), Float("withnan", WithMissing(Lcg(60, 40, 5, 0.2), double.NegativeInfinity)),
            Float("const", Enumerable.Repeat(5.0, 60).ToArray()),
        ]);
        return DriftDetector.Run(DriftReference.Build(reference), current, new DriftOptions());
    }

    [Theory]
    [InlineData("cont", DriftTest.KolmogorovSmirnov, 0.032548348460840495, true)]  // exact KS, p <= 0.05
    [InlineData("tri", DriftTest.ChiSquare, 0.747051970351739, false)]            // numerical, 3 distinct
    [InlineData("bin", DriftTest.ZTest, 0.7472114138488108, false)]               // integer, 2 distinct -> categorical
    [InlineData("city", DriftTest.ChiSquare, 0.0, true)]                          // unseen "Brest" -> p = 0
    [InlineData("withnan", DriftTest.KolmogorovSmirnov, 0.14424203929387266, false)] // NaN and ±inf dropped
    [InlineData("const", DriftTest.ZTest, 1.0, false)]                            // same constant both sides
    public void Run_ReferenceAtMost1000_UsesEvidentlyTestsAndMatchesScores(string column, DriftTest test, double score, bool drifted)
    {
        var r = Column(SmallRegime(), column);
        Assert.Equal(ColumnDriftStatus.Tested, r.Status);
        Assert.Equal(test, r.Test);
        Close(score, r.Score!.Value, 1e-9, 1e-15);
        Assert.Equal(drifted, r.Drifted);
        Assert.Equal(0.05, r.Threshold);
    }

    [Fact]
    public void Run_SmallRegime_ReportsEffectSizesMissingAndUnseen()
    {
        var report = SmallRegime();
        Assert.Equal("KS D", Column(report, "cont").EffectSize!.Name);
        Assert.Equal("Cramér's V", Column(report, "city").EffectSize!.Name);
        Assert.Equal("Cohen's h", Column(report, "bin").EffectSize!.Name);
        var city = Column(report, "city");
        Assert.True(city.UnseenCount > 0);
        Assert.Equal("Brest", Assert.Single(city.UnseenCategories).Value);
        var withNan = Column(report, "withnan");
        Assert.True(withNan.ReferenceMissingShare > 0.2 && withNan.CurrentMissingShare > 0.2);
        Assert.NotNull(Column(report, "const").Reason);
        Assert.Equal(ComparisonOperator.LessThanOrEqual, Column(report, "cont").Operator);
        // 2 of 6 drifted: 33 % -> yellow, no dataset drift
        Assert.Equal(2, report.DriftedColumns);
        Assert.Equal(DriftAlertLevel.Yellow, report.AlertLevel);
        Assert.False(report.DatasetDrift);
    }

    private static DriftReport LargeRegime(DriftOptions options)
    {
        var reference = new DriftDataset(
        [
            Float("cont", Round1(Lcg(2000, 41, 10))), new CategoricalDriftColumn("cat", Cat(2000, 43, 0.0, false)),
            Float("few", Few(2000, 45, 0.0)), Float("cont_psi", Lcg(2000, 47, 3)), Float("cont_js", Lcg(2000, 47, 3)),
            Int("intcat", IntCat(2000, 49)),
        ]);
        var current = new DriftDataset(
        [
            Float("cont", Round1(Lcg(5000, 42, 10, 0.3))), new CategoricalDriftColumn("cat", Cat(5000, 44, 0.05, true)),
            Float("few", Few(5000, 46, 0.2)), Float("cont_psi", Lcg(5000, 48, 3, 0.2)), Float("cont_js", Lcg(5000, 48, 3, 0.2)),
            Int("intcat", IntCat(5000, 50)),
        ]);
        return DriftDetector.Run(DriftReference.Build(reference), current, options);
    }

    [Theory]
    [InlineData("cont", DriftTest.Wasserstein, 0.08489318224537912, false)]   // ties (1 decimal)
    [InlineData("cat", DriftTest.JensenShannon, 0.07030531231633785, false)]  // unseen "zz" zero-filled
    [InlineData("few", DriftTest.JensenShannon, 0.04467829450443477, false)]  // numerical, 4 distinct
    [InlineData("cont_psi", DriftTest.Psi, 0.24914983381407996, true)]        // override: Sturges bins
    [InlineData("cont_js", DriftTest.JensenShannon, 0.1648727997211696, true)] // override: Sturges bins
    [InlineData("intcat", DriftTest.JensenShannon, 0.011928540285957114, false)] // integer, 8 distinct -> categorical
    public void Run_ReferenceAbove1000_UsesEvidentlyDistancesAndMatchesScores(string column, DriftTest test, double score, bool drifted)
    {
        var options = new DriftOptions();
        options.Columns["cont_psi"] = new ColumnDriftOverride { Test = DriftTest.Psi };
        options.Columns["cont_js"] = new ColumnDriftOverride { Test = DriftTest.JensenShannon };
        var r = Column(LargeRegime(options), column);
        Assert.Equal(test, r.Test);
        Close(score, r.Score!.Value, 1e-9);
        Assert.Equal(drifted, r.Drifted);
        Assert.Equal(ComparisonOperator.GreaterThanOrEqual, r.Operator);
        Assert.Null(r.EffectSize);
    }

    [Fact]
    public void Run_LargeCurrentWithCrossingEcdfs_WassersteinAndKsMatchScipy()
    {
        // a = lcg(10000,51,2); b = lcg(100000,52,2): wasserstein_distance(a,b)/np.std(a) = 0.012124209057452534,
        // ks_2samp(a,b) = (0.011290000000000022, 0.19536699922555578) (asymptotic)
        var reference = DriftReference.Build(new DriftDataset([Float("x", Lcg(10000, 51, 2)), Float("y", Lcg(10000, 51, 2))]));
        var current = new DriftDataset([Float("x", Lcg(100000, 52, 2)), Float("y", Lcg(100000, 52, 2))]);
        var options = new DriftOptions();
        options.Columns["y"] = new ColumnDriftOverride { Test = DriftTest.KolmogorovSmirnov };
        var report = DriftDetector.Run(reference, current, options);
        Close(0.012124209057452534, Column(report, "x").Score!.Value, 1e-9);
        Close(0.011290000000000022, Column(report, "y").Statistic!.Value, 1e-12);
        Close(0.19536699922555578, Column(report, "y").Score!.Value, 1e-8);
    }
}
