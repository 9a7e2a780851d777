using LeadScoring.Engine.Training;

namespace LeadScoring.Engine.Tests.Training;

/// <summary>
/// Expected values from scikit-learn 1.2 (/usr/bin/python3, Debian python3-sklearn):
///   s = [0.9, 0.8, 0.8, 0.7, 0.65, 0.6, 0.6, 0.6, 0.55, 0.5, 0.5, 0.45, 0.4, 0.4, 0.35, 0.3, 0.3, 0.2, 0.1, 0.05]
///   y = [1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0]
///   roc_auc_score(y, s); average_precision_score(y, s); f1_score / precision_score / recall_score /
///   confusion_matrix(y, s >= 0.5); precision_recall_curve(y, s) -> F1 per threshold;
///   f1_score(y, ones_like(y)).
/// </summary>
public sealed class ClassificationMetricsTests
{
    private static readonly double[] s_scores =
        [0.9, 0.8, 0.8, 0.7, 0.65, 0.6, 0.6, 0.6, 0.55, 0.5, 0.5, 0.45, 0.4, 0.4, 0.35, 0.3, 0.3, 0.2, 0.1, 0.05];

    private static readonly int[] s_labels = [1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0];

    [Fact]
    public void RocAuc_WithTies_MatchesSklearn() =>
        Assert.Equal(0.7291666666666666, ClassificationMetrics.RocAuc(s_scores, s_labels), 12);

    [Fact]
    public void AveragePrecision_WithTies_MatchesSklearn() =>
        Assert.Equal(0.6478386809269162, ClassificationMetrics.AveragePrecision(s_scores, s_labels), 12);

    [Fact]
    public void Confusion_AtHalf_MatchesSklearn()
    {
        var confusion = ClassificationMetrics.Confusion(s_scores, s_labels, 0.5);

        // confusion_matrix(...).ravel() = [tn fp fn tp] = [7 5 2 6]
        Assert.Equal(new ConfusionMatrix(TruePositives: 6, FalsePositives: 5, TrueNegatives: 7, FalseNegatives: 2),
            confusion);
        Assert.Equal(0.631578947368421, confusion.F1, 12);
        Assert.Equal(0.5454545454545454, confusion.Precision, 12);
        Assert.Equal(0.75, confusion.Recall, 12);
    }

    [Fact]
    public void BestF1Threshold_MatchesPrecisionRecallCurveMaximum()
    {
        var (threshold, f1) = ClassificationMetrics.BestF1Threshold(s_scores, s_labels);

        Assert.Equal(0.3, threshold);
        Assert.Equal(0.6399999999999999, f1, 12);
    }

    [Fact]
    public void BestF1Threshold_EqualF1_PicksHigherThreshold()
    {
        // >= 0.9: TP 1, FP 0, FN 1 -> F1 2/3; >= 0.3: TP 2, FP 2, FN 0 -> F1 2/3; the thresholds between are worse.
        double[] scores = [0.9, 0.5, 0.4, 0.3];
        int[] labels = [1, 0, 0, 1];

        var (threshold, f1) = ClassificationMetrics.BestF1Threshold(scores, labels);

        Assert.Equal(0.9, threshold);
        Assert.Equal(2.0 / 3, f1, 12);
    }

    [Fact]
    public void TrivialBaselineF1_MatchesSklearnAllOnes() =>
        Assert.Equal(0.5714285714285715, ClassificationMetrics.TrivialBaselineF1(s_labels), 12);

    // Formula data set (200 rows, many ties), same in numpy:
    //   i = arange(200); s = ((i*37) % 101) / 100; y = (((i*i*7 + i) % 11) < 5).astype(int)
    //   roc_auc_score(y, s) = 0.341710710818682; average_precision_score(y, s) = 0.2814015572395611
    //   f1_score(y, s >= 0.5) = 0.264367816091954, confusion [tn fp fn tp] = [49 78 50 23]
    //   o = argsort(-s, kind='stable'): y[o[:10]].mean() = 0.2, y[o[:50]].mean() = 0.16
    [Fact]
    public void Metrics_FormulaDataSet_MatchSklearn()
    {
        var scores = Enumerable.Range(0, 200).Select(i => (i * 37 % 101) / 100.0).ToArray();
        var labels = Enumerable.Range(0, 200).Select(i => (i * i * 7 + i) % 11 < 5 ? 1 : 0).ToArray();

        var evaluation = BinaryEvaluation.Compute(scores, labels, 0.5, [10, 50, 500]);

        Assert.Equal(73, evaluation.Positives);
        Assert.Equal(0.341710710818682, evaluation.RocAuc, 12);
        Assert.Equal(0.2814015572395611, evaluation.PrAuc, 12);
        Assert.Equal(0.264367816091954, evaluation.F1, 12);
        Assert.Equal(new ConfusionMatrix(23, 78, 49, 50), evaluation.Confusion);
        Assert.Equal([0.2, 0.16, 73 / 200.0], evaluation.TopK.Select(t => t.Precision));
        Assert.Equal(2 * 0.365 / 1.365, evaluation.BaselineF1, 12);
    }

    [Fact]
    public void RocAuc_OneClassOnly_IsNaN()
    {
        Assert.True(double.IsNaN(ClassificationMetrics.RocAuc([0.1, 0.2], [1, 1])));
        Assert.True(double.IsNaN(ClassificationMetrics.AveragePrecision([0.1, 0.2], [0, 0])));
    }

    [Fact]
    public void Metrics_BadInput_NamesTheRow()
    {
        var nan = Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAuc([0.1, double.NaN], [0, 1]));
        Assert.Contains("Score 2 is NaN", nan.Message);
        var label = Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAuc([0.1, 0.2], [0, 2]));
        Assert.Contains("Label 2 is 2", label.Message);
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAuc([0.1], [0, 1]));
    }
}
