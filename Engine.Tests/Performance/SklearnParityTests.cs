using LeadScoring.Engine.Performance.Calibration;
using LeadScoring.Engine.Performance.Metrics;
using static LeadScoring.Engine.Tests.Performance.Fixture;

namespace LeadScoring.Engine.Tests.Performance;

/// <summary>Realized metrics, isotonic regression and the stratified splits against scikit-learn 1.2.1 literals.</summary>
public sealed class SklearnParityTests
{
    public static TheoryData<string> RealizedCases() =>
        [.. Get("realized").EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(RealizedCases))]
    public void Realized_point_values_equal_sklearn(string name)
    {
        var c = Case("realized", name);
        var scores = c.GetProperty("scores").Doubles();
        var labels = c.GetProperty("labels").Ints();
        var threshold = c.GetProperty("threshold").GetDouble();
        var result = RealizedCalculator.Compute(scores, labels,
            new RealizedOptions { Threshold = threshold, MinimumLabelled = 1, Resamples = 50 });
        var m = Assert.IsType<RealizedMetrics>(result);

        Check(c.NullableDouble("roc_auc"), m.RocAuc, "roc_auc");
        Check(c.NullableDouble("average_precision"), m.AveragePrecision, "average_precision");
        Check(c.NullableDouble("brier"), m.Brier, "brier");
        Check(c.NullableDouble("log_loss"), m.LogLoss, "log_loss");
        Check(c.NullableDouble("accuracy"), m.Accuracy, "accuracy");
        Assert.Equal(c.GetProperty("tp").GetInt64(), m.Confusion.TruePositives);
        Assert.Equal(c.GetProperty("fp").GetInt64(), m.Confusion.FalsePositives);
        Assert.Equal(c.GetProperty("tn").GetInt64(), m.Confusion.TrueNegatives);
        Assert.Equal(c.GetProperty("fn").GetInt64(), m.Confusion.FalseNegatives);
        // sklearn returns 0 (zero_division=0) where the engine says "not defined".
        CheckOrZeroDivision(c.NullableDouble("precision"), m.Precision, m.Confusion.TruePositives + m.Confusion.FalsePositives, "precision");
        CheckOrZeroDivision(c.NullableDouble("recall"), m.Recall, m.Confusion.TruePositives + m.Confusion.FalseNegatives, "recall");
        CheckOrZeroDivision(c.NullableDouble("f1"), m.F1,
            2 * m.Confusion.TruePositives + m.Confusion.FalsePositives + m.Confusion.FalseNegatives, "f1");
    }

    [Fact]
    public void One_class_gives_typed_not_defined()
    {
        var positives = Assert.IsType<RealizedMetrics>(RealizedCalculator.Compute([0.2, 0.6, 0.6, 0.9], [1, 1, 1, 1],
            new RealizedOptions { MinimumLabelled = 1, Resamples = 20 }));
        Assert.IsType<MetricNotDefined>(positives.RocAuc);
        Assert.Null(positives.RocAucDeLong);
        Assert.IsType<MetricEstimate>(positives.AveragePrecision);
        var negatives = Assert.IsType<RealizedMetrics>(RealizedCalculator.Compute([0.2, 0.6, 0.6, 0.9], [0, 0, 0, 0],
            new RealizedOptions { MinimumLabelled = 1, Resamples = 20 }));
        Assert.IsType<MetricNotDefined>(negatives.RocAuc);
        Assert.IsType<MetricNotDefined>(negatives.AveragePrecision);
        Assert.IsType<MetricNotDefined>(negatives.Recall);
        Assert.Equal(0.0, Assert.IsType<MetricEstimate>(negatives.F1).Value);
        Assert.Equal(0.0, Assert.IsType<MetricEstimate>(negatives.Precision).Value);
        Assert.Contains("ROC AUC", ((MetricNotDefined)negatives.RocAuc).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_labels_is_a_typed_result()
    {
        var scores = Enumerable.Range(0, 99).Select(i => i / 100.0).ToArray();
        var labels = Enumerable.Range(0, 99).Select(i => i % 2).ToArray();
        var few = Assert.IsType<RealizedTooFewLabels>(RealizedCalculator.Compute(scores, labels));
        Assert.Equal(99, few.Labelled);
        Assert.Equal(100, few.Minimum);
        Assert.IsType<RealizedMetrics>(RealizedCalculator.Compute(scores, labels,
            new RealizedOptions { MinimumLabelled = 99, Resamples = 20 }));
    }

    public static TheoryData<string> IsotonicCases() =>
        [.. Get("isotonic").EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(IsotonicCases))]
    public void Isotonic_equals_sklearn(string name)
    {
        var c = Case("isotonic", name);
        var x = c.GetProperty("x").Doubles();
        var y = c.GetProperty("y").Doubles().Select(v => (int)v).ToArray();
        var fitted = IsotonicCalibrator.Fit(x, y);
        Assert.Equal(c.GetProperty("x_thresholds").Doubles(), fitted.XThresholds);
        var expectedY = c.GetProperty("y_thresholds").Doubles();
        Assert.Equal(expectedY.Length, fitted.YThresholds.Length);
        for (var i = 0; i < expectedY.Length; i++)
        {
            Near(expectedY[i], fitted.YThresholds[i], 1e-15, $"y_thresholds[{i}]");
        }
        Assert.Equal(c.GetProperty("x_min").GetDouble(), fitted.XMin);
        Assert.Equal(c.GetProperty("x_max").GetDouble(), fitted.XMax);
        var probes = c.GetProperty("probes").Doubles();
        var expected = c.GetProperty("predictions").Doubles();
        var actual = fitted.Calibrate(probes);
        for (var i = 0; i < probes.Length; i++)
        {
            Near(expected[i], actual[i], 1e-12, $"predict({probes[i]:R})");
        }
        var expectedFitted = c.GetProperty("fitted").Doubles();
        var actualFitted = fitted.Calibrate(x);
        for (var i = 0; i < x.Length; i++)
        {
            Near(expectedFitted[i], actualFitted[i], 1e-12, $"fitted[{i}]");
        }
    }

    public static TheoryData<string> SplitCases() =>
        [.. Get("splits").EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(SplitCases))]
    public void Stratified_shuffle_split_equals_sklearn_random_state_42(string name)
    {
        var c = Case("splits", name);
        var splits = StratifiedShuffleSplit.Split(c.GetProperty("labels").Ints());
        Assert.NotNull(splits);
        var expected = c.GetProperty("splits").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, splits.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].GetProperty("train").Ints(), splits[i].Train);
            Assert.Equal(expected[i].GetProperty("test").Ints(), splits[i].Test);
        }
    }

    [Fact]
    public void Stratified_split_refuses_a_class_of_one_row_as_sklearn_does() =>
        Assert.Null(StratifiedShuffleSplit.Split([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]));

    private static void Check(double? expected, MetricResult actual, string what)
    {
        if (expected is null)
        {
            Assert.IsType<MetricNotDefined>(actual);
            return;
        }
        var estimate = Assert.IsType<MetricEstimate>(actual);
        Near(expected.Value, estimate.Value, 1e-9, what);
        Assert.True(estimate.Lower <= estimate.Value + 1e-12 && estimate.Value <= estimate.Upper + 1e-12,
            $"{what}: {estimate.Value} outside [{estimate.Lower}, {estimate.Upper}]");
    }

    private static void CheckOrZeroDivision(double? expected, MetricResult actual, long denominator, string what)
    {
        if (denominator == 0)
        {
            Assert.Equal(0.0, expected);
            Assert.IsType<MetricNotDefined>(actual);
            return;
        }
        Check(expected, actual, what);
    }
}
