namespace LeadScoring.Engine.Training;

/// <summary>
/// Pure binary-classification metrics on scores and 0/1 labels, defined as scikit-learn defines them
/// (roc_auc_score, average_precision_score, f1_score with zero_division=0). A lead is predicted engaged iff
/// score ≥ threshold.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>
    /// ROC AUC as the Mann–Whitney rank statistic with average ranks for ties (a tied positive/negative pair counts
    /// ½), equal to sklearn's trapezoidal roc_auc_score. NaN when only one class is present.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        var n = Validate(scores, labels);
        var order = SortedIndices(scores, descending: false);
        var positives = 0;
        var positiveRankSum = 0.0;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            var averageRank = (start + end) / 2.0 + 1; // 1-based ranks start+1 .. end+1
            for (var i = start; i <= end; i++)
            {
                if (labels[order[i]] == 1)
                {
                    positives++;
                    positiveRankSum += averageRank;
                }
            }
            start = end + 1;
        }
        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// Average precision (PR AUC) as sklearn's average_precision_score: Σ (R_k − R_{k−1}) P_k over the distinct
    /// score thresholds in descending order, tied scores taken together. NaN when there are no positives.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        var n = Validate(scores, labels);
        var positives = CountPositives(labels);
        if (positives == 0)
        {
            return double.NaN;
        }
        var order = SortedIndices(scores, descending: true);
        double truePositives = 0, falsePositives = 0, previousRecall = 0, sum = 0;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            for (var i = start; i <= end; i++)
            {
                if (labels[order[i]] == 1)
                {
                    truePositives++;
                }
                else
                {
                    falsePositives++;
                }
            }
            var recall = truePositives / positives;
            sum += (recall - previousRecall) * (truePositives / (truePositives + falsePositives));
            previousRecall = recall;
            start = end + 1;
        }
        return sum;
    }

    /// <summary>Confusion counts with "engaged iff score ≥ threshold".</summary>
    public static ConfusionMatrix Confusion(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, double threshold)
    {
        var n = Validate(scores, labels);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < n; i++)
        {
            var predicted = scores[i] >= threshold;
            if (labels[i] == 1)
            {
                if (predicted) { tp++; } else { fn++; }
            }
            else
            {
                if (predicted) { fp++; } else { tn++; }
            }
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /// <summary>
    /// The threshold (one of the scores) whose "score ≥ threshold" rule gives the highest F1; among equal F1 the
    /// highest threshold wins (fewest leads flagged).
    /// </summary>
    public static (double Threshold, double F1) BestF1Threshold(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        var n = Validate(scores, labels);
        if (n == 0)
        {
            throw new ArgumentException("No scores to choose a threshold from.", nameof(scores));
        }
        var positives = CountPositives(labels);
        var order = SortedIndices(scores, descending: true);
        int truePositives = 0, falsePositives = 0;
        var best = (Threshold: scores[order[0]], F1: -1.0);
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            for (var i = start; i <= end; i++)
            {
                if (labels[order[i]] == 1) { truePositives++; } else { falsePositives++; }
            }
            var denominator = truePositives + falsePositives + positives;
            var f1 = denominator == 0 ? 0 : 2.0 * truePositives / denominator;
            if (f1 > best.F1)
            {
                best = (scores[order[start]], f1);
            }
            start = end + 1;
        }
        return best;
    }

    /// <summary>
    /// Share of positives among the K highest scores (K capped at N). Ties at the cut are broken by input order,
    /// which keeps the function deterministic.
    /// </summary>
    public static double PrecisionAtK(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, int k)
    {
        var n = Validate(scores, labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var take = Math.Min(k, n);
        if (take == 0)
        {
            return double.NaN;
        }
        var order = SortedIndices(scores, descending: true);
        var hits = 0;
        for (var i = 0; i < take; i++)
        {
            hits += labels[order[i]];
        }
        return (double)hits / take;
    }

    /// <summary>
    /// F1 of the trivial model that calls every lead engaged: precision = base rate, recall = 1, so
    /// F1 = 2p / (1 + p). On the 303 real leads (40.3 % engaged) it is 0.571.
    /// </summary>
    public static double TrivialBaselineF1(ReadOnlySpan<int> labels)
    {
        if (labels.Length == 0)
        {
            return double.NaN;
        }
        var rate = (double)CountPositives(labels) / labels.Length;
        return 2 * rate / (1 + rate);
    }

    internal static int CountPositives(ReadOnlySpan<int> labels)
    {
        var count = 0;
        foreach (var label in labels)
        {
            count += label;
        }
        return count;
    }

    private static int Validate(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.", nameof(labels));
        }
        for (var i = 0; i < scores.Length; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                throw new ArgumentException($"Score {i + 1} is NaN.", nameof(scores));
            }
            if (labels[i] is not (0 or 1))
            {
                throw new ArgumentException($"Label {i + 1} is {labels[i]}; labels are 0 or 1.", nameof(labels));
            }
        }
        return scores.Length;
    }

    /// <summary>Indices sorted by score (stable, so ties keep input order).</summary>
    private static int[] SortedIndices(ReadOnlySpan<double> scores, bool descending)
    {
        var keys = scores.ToArray();
        var order = Enumerable.Range(0, keys.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = descending ? keys[b].CompareTo(keys[a]) : keys[a].CompareTo(keys[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }
}
