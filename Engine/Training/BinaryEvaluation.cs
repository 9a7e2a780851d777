namespace LeadScoring.Engine.Training;

/// <summary>
/// A model's quality on one labelled set at its decision threshold. On this data F1 alone says little (calling
/// everyone engaged already scores 0.571), so read it beside <see cref="BaselineF1"/>, ROC AUC, PR AUC and lift.
/// </summary>
/// <param name="Rows">Labelled rows evaluated.</param>
/// <param name="Positives">Engaged rows among them.</param>
/// <param name="Threshold">Engaged iff score ≥ threshold.</param>
/// <param name="Confusion">Counts at the threshold.</param>
/// <param name="RocAuc">Area under the ROC curve (0.5 = chance).</param>
/// <param name="PrAuc">Average precision (chance = base rate).</param>
/// <param name="BaselineF1">F1 of calling every lead engaged.</param>
/// <param name="TopK">Precision among the K highest scores, for K = 5, 10, 20, 50 by default.</param>
public sealed record BinaryEvaluation(
    int Rows, int Positives, double Threshold, ConfusionMatrix Confusion, double RocAuc, double PrAuc,
    double BaselineF1, IReadOnlyList<TopKPrecision> TopK)
{
    /// <summary>Default K values for <see cref="TopK"/>.</summary>
    public static IReadOnlyList<int> DefaultTopK { get; } = [5, 10, 20, 50];

    /// <summary>Share of engaged rows (the precision of a random pick).</summary>
    public double BaseRate => Rows == 0 ? double.NaN : (double)Positives / Rows;

    /// <summary>F1 at the threshold.</summary>
    public double F1 => Confusion.F1;

    /// <summary>Precision at the threshold.</summary>
    public double Precision => Confusion.Precision;

    /// <summary>Recall at the threshold.</summary>
    public double Recall => Confusion.Recall;

    /// <summary>Precision at the threshold divided by the base rate (1 = no better than random).</summary>
    public double Lift => BaseRate > 0 ? Precision / BaseRate : double.NaN;

    /// <summary>Computes every metric from scores and labels.</summary>
    public static BinaryEvaluation Compute(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, double threshold,
        IReadOnlyList<int>? topK = null)
    {
        var ks = topK ?? DefaultTopK;
        var top = new TopKPrecision[ks.Count];
        for (var i = 0; i < ks.Count; i++)
        {
            top[i] = new TopKPrecision(ks[i], ClassificationMetrics.PrecisionAtK(scores, labels, ks[i]));
        }
        return new BinaryEvaluation(
            scores.Length,
            ClassificationMetrics.CountPositives(labels),
            threshold,
            ClassificationMetrics.Confusion(scores, labels, threshold),
            ClassificationMetrics.RocAuc(scores, labels),
            ClassificationMetrics.AveragePrecision(scores, labels),
            ClassificationMetrics.TrivialBaselineF1(labels),
            top);
    }
}
