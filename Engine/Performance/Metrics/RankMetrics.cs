namespace LeadScoring.Engine.Performance.Metrics;

/// <summary>Confusion counts at a threshold (converted = positive; predicted positive iff score ≥ threshold).</summary>
/// <param name="TruePositives">Converted leads scored at or above the threshold.</param>
/// <param name="FalsePositives">Not-converted leads scored at or above the threshold.</param>
/// <param name="TrueNegatives">Not-converted leads scored below the threshold.</param>
/// <param name="FalseNegatives">Converted leads scored below the threshold.</param>
public sealed record ConfusionCounts(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    /// <summary>All rows.</summary>
    public long Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
}

/// <summary>
/// Exact point values of the realized metrics, defined as scikit-learn 1.2.1 defines them. NaN means "not defined"
/// (the typed results elsewhere turn it into <see cref="MetricNotDefined"/>). Supersedes
/// <c>LeadScoring.Core.Training.ClassificationMetrics.RocAuc/AveragePrecision</c> (same definitions) by working on the
/// distinct-score summary, so one sort serves every metric and the bootstrap.
/// </summary>
public static class RankMetrics
{
    /// <summary>
    /// ROC AUC = P(score⁺ &gt; score⁻) + ½·P(score⁺ = score⁻), equal to sklearn's trapezoidal <c>roc_auc_score</c>
    /// (ties make diagonal ROC segments). Computed as an exact integer ratio. NaN when a class is absent.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels) =>
        RocAuc(ScoreUnits.FromPairs(scores, labels));

    /// <summary>
    /// sklearn's <c>average_precision_score</c>: Σ_k (R_k − R_{k−1})·P_k over the distinct scores in descending order
    /// (tied scores form one threshold). NaN when there is no positive.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels) =>
        AveragePrecision(ScoreUnits.FromPairs(scores, labels));

    internal static double RocAuc(ScoreUnits units)
    {
        if (units.Positives == 0 || units.Negatives == 0)
        {
            return double.NaN;
        }
        // Twice the Mann–Whitney U as an exact integer (< 2^63 for any realistic row count).
        long twiceU = 0;
        long negativesBelow = 0;
        for (var u = 0; u < units.Count; u++)
        {
            twiceU += units.PositiveCounts[u] * (2 * negativesBelow + units.NegativeCounts[u]);
            negativesBelow += units.NegativeCounts[u];
        }
        return twiceU / (2.0 * units.Positives * units.Negatives);
    }

    internal static double AveragePrecision(ScoreUnits units)
    {
        if (units.Positives == 0)
        {
            return double.NaN;
        }
        long tp = 0, fp = 0;
        double sum = 0;
        for (var u = units.Count - 1; u >= 0; u--)
        {
            var pos = units.PositiveCounts[u];
            tp += pos;
            fp += units.NegativeCounts[u];
            if (pos > 0)
            {
                sum += (double)pos / units.Positives * ((double)tp / (tp + fp));
            }
        }
        return sum;
    }

    internal static ConfusionCounts Confusion(ScoreUnits units, double threshold)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var u = 0; u < units.Count; u++)
        {
            if (units.Scores[u] >= threshold)
            {
                tp += units.PositiveCounts[u];
                fp += units.NegativeCounts[u];
            }
            else
            {
                fn += units.PositiveCounts[u];
                tn += units.NegativeCounts[u];
            }
        }
        return new ConfusionCounts(tp, fp, tn, fn);
    }

    /// <summary>Brier loss of one row: (y − p)².</summary>
    internal static double BrierTerm(double score, bool positive) =>
        positive ? (1.0 - score) * (1.0 - score) : score * score;

    /// <summary>
    /// Log loss of one row as scikit-learn 1.2.1's <c>log_loss</c> computes it: p clipped to [ε, 1 − ε] with
    /// ε = 2.220446049250313e-16 (float64 machine epsilon, eps="auto"), the pair (1 − p, p) renormalised by its sum,
    /// then −ln of the true class's entry.
    /// </summary>
    internal static double LogLossTerm(double score, bool positive)
    {
        const double eps = 2.220446049250313e-16;
        var p = Math.Clamp(score, eps, 1 - eps);
        var q = 1 - p;
        var sum = q + p;
        return -Math.Log((positive ? p : q) / sum);
    }

    internal static double Brier(ScoreUnits units)
    {
        double sum = 0;
        for (var u = 0; u < units.Count; u++)
        {
            var s = units.Scores[u];
            sum += units.PositiveCounts[u] * BrierTerm(s, true) + units.NegativeCounts[u] * BrierTerm(s, false);
        }
        return units.Rows == 0 ? double.NaN : sum / units.Rows;
    }

    internal static double LogLoss(ScoreUnits units)
    {
        double sum = 0;
        for (var u = 0; u < units.Count; u++)
        {
            var s = units.Scores[u];
            if (units.PositiveCounts[u] > 0)
            {
                sum += units.PositiveCounts[u] * LogLossTerm(s, true);
            }
            if (units.NegativeCounts[u] > 0)
            {
                sum += units.NegativeCounts[u] * LogLossTerm(s, false);
            }
        }
        return units.Rows == 0 ? double.NaN : sum / units.Rows;
    }

    /// <summary>TP/(TP+FP); NaN when nothing is predicted positive.</summary>
    public static double Precision(ConfusionCounts c) => Ratio(c.TruePositives, c.TruePositives + c.FalsePositives);

    /// <summary>TP/(TP+FN); NaN when there is no positive.</summary>
    public static double Recall(ConfusionCounts c) => Ratio(c.TruePositives, c.TruePositives + c.FalseNegatives);

    /// <summary>2TP/(2TP+FP+FN); NaN when TP = FP = FN = 0.</summary>
    public static double F1(ConfusionCounts c) =>
        Ratio(2 * c.TruePositives, 2 * c.TruePositives + c.FalsePositives + c.FalseNegatives);

    /// <summary>(TP+TN)/all; NaN for no rows.</summary>
    public static double Accuracy(ConfusionCounts c) => Ratio(c.TruePositives + c.TrueNegatives, c.Total);

    private static double Ratio(long numerator, long denominator) =>
        denominator == 0 ? double.NaN : (double)numerator / denominator;
}
