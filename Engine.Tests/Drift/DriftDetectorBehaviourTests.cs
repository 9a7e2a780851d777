using LeadScoring.Engine.Drift;
using static LeadScoring.Engine.Tests.Drift.DriftTestData;
using static LeadScoring.Engine.Tests.Statistics.StatisticsTestData;

namespace LeadScoring.Engine.Tests.Drift;

public class DriftDetectorBehaviourTests
{
    [Fact]
    public void Run_EmptyOrAllMissingColumns_AreNotTestableWithReasonAndExcludedFromShare()
    {
        var reference = new DriftDataset(
        [
            Float("ok", Lcg(50, 1)), Float("refnan", Enumerable.Repeat(double.NaN, 50).ToArray()), Float("curnan", Lcg(50, 2)),
            new CategoricalDriftColumn("catnull", new string?[50]), Float("absent", Lcg(50, 3)), Float("typed", Lcg(50, 4)),
        ]);
        var current = new DriftDataset(
        [
            Float("ok", Lcg(40, 5, 1, 5)), Float("refnan", Lcg(40, 6)), Float("curnan", Enumerable.Repeat(double.PositiveInfinity, 40).ToArray()),
            new CategoricalDriftColumn("catnull", Enumerable.Repeat<string?>("x", 40).ToArray()),
            new CategoricalDriftColumn("typed", Enumerable.Repeat<string?>("x", 40).ToArray()),
        ]);
        var report = DriftDetector.Run(reference, current);
        Assert.Equal(1, report.TestedColumns);
        Assert.Equal(1.0, report.DriftShare);
        Assert.Equal(DriftAlertLevel.Red, report.AlertLevel);
        Assert.Contains("Reference has no", Column(report, "refnan").Reason);
        Assert.Contains("Current data has no", Column(report, "curnan").Reason);
        Assert.Equal(1.0, Column(report, "curnan").CurrentMissingShare);
        Assert.Contains("Reference has no", Column(report, "catnull").Reason);
        Assert.Contains("absent", Column(report, "absent").Reason);
        Assert.Contains("categorical in the current", Column(report, "typed").Reason);
        Assert.All(report.Columns.Where(c => c.Column != "ok"), c =>
        {
            Assert.Equal(ColumnDriftStatus.NotTestable, c.Status);
            Assert.False(c.Drifted);
            Assert.Null(c.Score);
        });
    }

    [Fact]
    public void Run_IdenticalSamples_NothingDriftsGreen()
    {
        var data = new DriftDataset([Float("a", Lcg(300, 7)), Int("b", Binary(300, 8, 0.3)), new CategoricalDriftColumn("c", City(300, 9, false))]);
        var report = DriftDetector.Run(data, data);
        Assert.Equal(3, report.TestedColumns);
        Assert.Equal(0, report.DriftedColumns);
        Assert.Equal(DriftAlertLevel.Green, report.AlertLevel);
        Assert.Equal(1.0, Column(report, "a").Score);
        Assert.Equal(0.0, Column(report, "a").EffectSize!.Value);
    }

    [Fact]
    public void Run_BenjaminiHochberg_ReportsRawAndAdjustedAndDecidesOnAdjusted()
    {
        // Raw p of "cont" is 0.0325 (drifted at 0.05); with 2 p-value columns BH doubles the smallest p at most.
        var reference = new DriftDataset([Float("cont", Lcg(100, 31, 10)), Float("same", Lcg(100, 60))]);
        var current = new DriftDataset([Float("cont", Lcg(60, 32, 10, 1.5)), Float("same", Lcg(60, 61))]);
        var plain = DriftDetector.Run(reference, current);
        var bh = DriftDetector.Run(reference, current, new DriftOptions { BenjaminiHochberg = true });
        var raw = Column(plain, "cont").Score!.Value;
        var c = Column(bh, "cont");
        Assert.True(Column(plain, "cont").Drifted);
        Assert.Equal(raw, c.Score);
        Assert.True(bh.BenjaminiHochberg);
        var sameP = Column(bh, "same").Score!.Value;
        var expected = Math.Min(raw * 2, Math.Min(sameP, 1.0));
        Close(Math.Max(expected, raw), c.AdjustedPValue!.Value, 1e-12);
        Assert.Equal(c.AdjustedPValue <= 0.05, c.Drifted);
    }

    [Fact]
    public void AlertLevel_UsesConfigurableThresholds()
    {
        var o = new DriftOptions();
        Assert.Equal(DriftAlertLevel.Green, DriftDetector.Level(0.19, o));
        Assert.Equal(DriftAlertLevel.Yellow, DriftDetector.Level(0.2, o));
        Assert.Equal(DriftAlertLevel.Yellow, DriftDetector.Level(0.49, o));
        Assert.Equal(DriftAlertLevel.Red, DriftDetector.Level(0.5, o));
        Assert.Equal(DriftAlertLevel.Yellow, DriftDetector.Level(0.1, new DriftOptions { YellowShare = 0.1, RedShare = 0.3 }));
        Assert.NotEmpty(new DriftOptions { YellowShare = 0.6, RedShare = 0.5 }.Validate());
    }

    [Fact]
    public void ReferenceSerializer_RoundTrip_GivesIdenticalReport()
    {
        var reference = new DriftDataset([Float("a", WithMissing(Lcg(2000, 70, 4), double.NaN)), new CategoricalDriftColumn("c", Cat(2000, 71, 0, false)), Int("i", IntCat(2000, 72))]);
        var current = new DriftDataset([Float("a", Lcg(3000, 73, 4, 0.5)), new CategoricalDriftColumn("c", Cat(3000, 74, 0.1, true)), Int("i", IntCat(3000, 75))]);
        var built = DriftReference.Build(reference, Lcg(2000, 76));
        var loaded = DriftReferenceSerializer.FromJson(DriftReferenceSerializer.ToJson(built));
        var a = DriftReportJson.Serialize(DriftDetector.Run(built, current, null, Lcg(3000, 77)));
        var b = DriftReportJson.Serialize(DriftDetector.Run(loaded, current, null, Lcg(3000, 77)));
        Assert.Equal(a, b);
        Assert.Contains("\"schemaVersion\": 1", a);
        var back = DriftReportJson.Deserialize(a);
        Assert.Equal(3, back.Columns.Count);
        Assert.NotNull(back.PredictionDrift);
    }

    [Fact]
    public void Histograms_CountEveryNonMissingValue()
    {
        var reference = new DriftDataset([Float("a", Lcg(2000, 80, 4)), new CategoricalDriftColumn("c", Cat(2000, 81, 0, false))]);
        var current = new DriftDataset([Float("a", WithMissing(Lcg(5000, 82, 6, -1), double.NaN)), new CategoricalDriftColumn("c", Cat(5000, 83, 0, true))]);
        var report = DriftDetector.Run(reference, current);
        foreach (var c in report.Columns)
        {
            var h = c.Histogram!;
            Assert.Equal(c.ReferenceCount, h.ReferenceCounts.Sum());
            Assert.Equal(c.CurrentCount, h.CurrentCounts.Sum());
        }
        var edges = Column(report, "a").Histogram!.Edges!;
        Assert.Equal(Column(report, "a").Histogram!.ReferenceCounts.Count + 1, edges.Count);
        Assert.True(edges.Zip(edges.Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public void FromFeatureMatrix_ReassemblesOneHotGroups()
    {
        // columns: x, size_small, size_large, flag ; baseline size = "medium"
        double[] m =
        [
            1.5, 1, 0, 1,
            2.5, 0, 0, 0,
            3.5, 0, 1, 1,
            double.NaN, double.NaN, 0, 0,
        ];
        var groups = new[] { new OneHotGroup("size", "medium", [new OneHotMember(1, "small"), new OneHotMember(2, "large")]) };
        var ds = DriftDataset.FromFeatureMatrix(m, ["x", "size_small", "size_large", "flag"], groups);
        Assert.Equal(["x", "size", "flag"], ds.Columns.Select(c => c.Name));
        Assert.Equal(new string?[] { "small", "medium", "large", null }, ((CategoricalDriftColumn)ds.Find("size")!).Values);
        Assert.True(((NumericDriftColumn)ds.Find("flag")!).IsInteger);
        Assert.False(((NumericDriftColumn)ds.Find("x")!).IsInteger);
    }

    [Fact]
    public void PredictionDrift_ShiftedScores_RedBelowOnePercent()
    {
        // stats.ks_2samp(lcg(20,3), lcg(20,4,1,0.3)) -> p 0.1745 (green); a 0.5 shift is red.
        var same = PredictionDrift.Run(Lcg(20, 3), Lcg(20, 4, 1, 0.3));
        Close(0.17453300569806826, same.PValue, 1e-10);
        Assert.Equal(DriftAlertLevel.Green, same.AlertLevel);
        var shifted = PredictionDrift.Run(Lcg(100, 3), Lcg(100, 4, 1, 0.5));
        Assert.True(shifted.PValue < 0.01);
        Assert.True(shifted.Drifted);
    }

    [Fact]
    public void NannyMlProfile_LearnsThresholdsAndIsRecorded()
    {
        var reference = new DriftDataset([Float("a", Lcg(5000, 90)), new CategoricalDriftColumn("c", Cat(5000, 91, 0, false))]);
        var same = new DriftDataset([Float("a", Lcg(5000, 92)), new CategoricalDriftColumn("c", Cat(5000, 93, 0, false))]);
        var shifted = new DriftDataset([Float("a", Lcg(5000, 94, 1, 0.3)), new CategoricalDriftColumn("c", Cat(5000, 95, 0.3, true))]);
        var built = DriftReference.Build(reference);
        var options = new DriftOptions { Profile = DriftProfile.NannyMl };
        var ok = DriftDetector.Run(built, same, options);
        var bad = DriftDetector.Run(built, shifted, options);
        Assert.Equal(DriftProfile.NannyMl, ok.Profile);
        Assert.All(ok.Columns, c => Assert.Equal(ComparisonOperator.GreaterThan, c.Operator));
        Assert.All(bad.Columns, c => Assert.True(c.Drifted));
        Assert.All(bad.Columns, c => Assert.InRange(c.Score!.Value, 0, 1));
        Assert.True(built.Columns.All(c => c.NannyMlThreshold > 0 && c.NannyMlThreshold < 0.2));
    }
}
