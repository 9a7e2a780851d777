namespace LeadScoring.Engine.Performance.Cbpe;

/// <summary>
/// What NannyML keeps from the reference to size a chunk's sampling error: SE(n) = Std / √(n · Fraction)
/// (nannyml/sampling_error/binary_classification.py <c>_universal_sampling_error</c>; accuracy's
/// <c>reference_std / √n</c> is the case Fraction = 1).
/// </summary>
/// <param name="Std">Population standard deviation of the metric's per-observation contributions on the reference.</param>
/// <param name="Fraction">Share of reference rows that contribute (e.g. predicted positives for precision).</param>
public sealed record SamplingErrorComponents(double Std, double Fraction)
{
    /// <summary>Sampling error of the metric on a chunk of <paramref name="rows"/> rows.</summary>
    public double For(int rows) => Std / Math.Sqrt(rows * Fraction);
}

/// <summary>
/// NannyML 0.13's sampling-error components for binary classification
/// (nannyml/sampling_error/binary_classification.py), on reference scores, labels and decisions ŷ = score ≥ t.
/// </summary>
public static class SamplingError
{
    /// <summary>
    /// <c>auroc_sampling_error_components</c>: when more than half the labels are positive, labels and scores are
    /// flipped (y → 1 − y, s → 1 − s); rows are sorted by score (stably here; NannyML's argsort is not stable, see the
    /// report); for every positive at rank r &gt; 0, with i its position among those positives, ser = (r − i) / N;
    /// the component is (std(ser), P/n). (Dropping rank 0 is NannyML's <c>np.unique(positive_ranks)[1:]</c>.)
    /// </summary>
    public static SamplingErrorComponents RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        var n = scores.Length;
        long positives = 0;
        foreach (var label in labels)
        {
            positives += label;
        }
        var flip = (double)positives / n > 0.5;
        var s = new double[n];
        var y = new int[n];
        for (var i = 0; i < n; i++)
        {
            s[i] = flip ? 1 - scores[i] : scores[i];
            y[i] = flip ? 1 - labels[i] : labels[i];
        }
        var order = Metrics.ScoreSort.Order(s);
        long nPos = 0;
        foreach (var v in y)
        {
            nPos += v;
        }
        var nNeg = n - nPos;
        var ser = new List<double>();
        var index = 0;
        for (var rank = 1; rank < n; rank++)
        {
            if (y[order[rank]] == 1)
            {
                ser.Add((double)(rank - index) / nNeg);
                index++;
            }
        }
        return new SamplingErrorComponents(PopulationStd(ser), (double)nPos / n);
    }

    /// <summary><c>f1_sampling_error_components</c>: contributions 1 per TP and 0 per FP or FN, times
    /// (TP+FP+FN)/(TP + ½(FP+FN)); fraction (TP+FP+FN)/n. NaN std when TP = FP = FN = 0.</summary>
    public static SamplingErrorComponents F1(long tp, long fp, long fn, long rows)
    {
        var relevant = tp + fp + fn;
        if (relevant == 0)
        {
            return new SamplingErrorComponents(double.NaN, 0);
        }
        var factor = relevant / ((fn + fp) * 0.5 + tp);
        return new SamplingErrorComponents(factor * BinaryStd(tp, relevant), (double)relevant / rows);
    }

    /// <summary><c>precision_sampling_error_components</c>: std of 1 per TP, 0 per FP; fraction = predicted
    /// positives / n.</summary>
    public static SamplingErrorComponents Precision(long tp, long fp, long rows) =>
        new(BinaryStd(tp, tp + fp), (double)(tp + fp) / rows);

    /// <summary><c>recall_sampling_error_components</c>: std of 1 per TP, 0 per FN; fraction = positives / n.</summary>
    public static SamplingErrorComponents Recall(long tp, long fn, long rows) =>
        new(BinaryStd(tp, tp + fn), (double)(tp + fn) / rows);

    /// <summary><c>accuracy_sampling_error_components</c>: std of the correct-prediction indicator; SE = std/√n.</summary>
    public static SamplingErrorComponents Accuracy(long correct, long rows) => new(BinaryStd(correct, rows), 1.0);

    /// <summary>Population std of a 0/1 vector with <paramref name="ones"/> ones among <paramref name="count"/>
    /// values (np.std; NaN for an empty vector).</summary>
    private static double BinaryStd(long ones, long count)
    {
        if (count == 0)
        {
            return double.NaN;
        }
        var q = (double)ones / count;
        return Math.Sqrt(q * (1 - q));
    }

    private static double PopulationStd(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        double mean = 0;
        foreach (var v in values)
        {
            mean += v;
        }
        mean /= values.Count;
        double sum = 0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }
        return Math.Sqrt(sum / values.Count);
    }
}
