namespace LeadScoring.Engine.Performance.Calibration;

/// <summary>Why the calibration decision came out as it did.</summary>
public enum CalibrationReason
{
    /// <summary>The expected calibration error over the held-out splits was compared (the normal case).</summary>
    ExpectedCalibrationError,

    /// <summary>Only one class in the reference labels: no calibration (NannyML returns False).</summary>
    SingleClass,

    /// <summary>Reference ROC AUC above 0.999: no calibration (NannyML returns False).</summary>
    NearPerfectRanking,

    /// <summary>
    /// The stratified splits cannot be made (a class with fewer than 2 rows, or too few rows for a 10 % test share);
    /// scikit-learn raises here, the engine falls back to no calibration.
    /// </summary>
    TooFewRowsToSplit,
}

/// <summary>The outcome of NannyML's calibration rule on a reference set.</summary>
/// <param name="NeedsCalibration">True when isotonic regression lowered the expected calibration error.</param>
/// <param name="Reason">Which branch of the rule decided.</param>
/// <param name="EceBefore">ECE of the raw scores on the pooled held-out rows (NaN when not compared).</param>
/// <param name="EceAfter">ECE of the isotonic-calibrated scores on the same rows (NaN when not compared).</param>
public sealed record CalibrationDecision(bool NeedsCalibration, CalibrationReason Reason, double EceBefore,
    double EceAfter);

/// <summary>One bin of a reliability diagram.</summary>
/// <param name="Count">Rows in the bin.</param>
/// <param name="MeanScore">Mean predicted probability of those rows.</param>
/// <param name="ObservedRate">Share of those rows that converted.</param>
/// <param name="MinScore">Lowest score in the bin.</param>
/// <param name="MaxScore">Highest score in the bin.</param>
public sealed record ReliabilityBin(int Count, double MeanScore, double ObservedRate, double MinScore, double MaxScore);

/// <summary>A reliability diagram and its expected calibration error.</summary>
/// <param name="Bins">Equal-count bins in ascending score order.</param>
/// <param name="ExpectedCalibrationError">Σ (count/n)·|mean score − observed rate| over <paramref name="Bins"/>.</param>
public sealed record ReliabilityDiagram(IReadOnlyList<ReliabilityBin> Bins, double ExpectedCalibrationError);

/// <summary>
/// Calibration measures. The dashboard's ECE is NannyML's (nannyml/calibration.py,
/// <c>_calculate_expected_calibration_error</c> with <c>_get_bin_index_edges</c>): rows sorted by predicted
/// probability and cut by position every w = ⌊n/bins⌋ rows, the last bin running to the end (bins = ⌊n/2⌋ when
/// n ≤ 2·bins; fewer than 2 bins is an error). For n ≥ bins² that is exactly <c>bins</c> bins; for smaller n NannyML's
/// rule can give more (n = 25, 10 bins → 12 bins of 2 rows, the last of 3), and this keeps that quirk;
/// ECE = Σ_b (n_b / n)·|mean p_b − mean y_b|. Rows with equal probability keep their input order (stable sort), so a
/// tie group can straddle a bin edge exactly as in NannyML; NannyML's numpy argsort is not stable, which can move
/// the ECE by a few thousandths on heavily tied data (see the report).
/// </summary>
public static class CalibrationAnalysis
{
    /// <summary>NannyML's bin count for the calibration decision and the dashboard's reliability diagram.</summary>
    public const int DefaultBins = 10;

    /// <summary>nannyml/calibration.py <c>_get_bin_index_edges</c>: [start, end) row positions of each bin.</summary>
    public static IReadOnlyList<(int Start, int End)> BinIndexEdges(int length, int binCount)
    {
        if (length <= 2 * binCount)
        {
            binCount = length / 2;
            if (binCount < 2)
            {
                throw new ArgumentException(
                    $"Cannot split {length} rows into the minimum of 2 calibration bins.", nameof(length));
            }
        }
        var width = length / binCount;
        var edges = new List<int>();
        for (var e = 0; e <= length; e += width)
        {
            edges.Add(e);
        }
        edges[^1] = length;
        var result = new List<(int, int)>(edges.Count - 1);
        for (var i = 0; i + 1 < edges.Count; i++)
        {
            result.Add((edges[i], edges[i + 1]));
        }
        return result;
    }

    /// <summary>Expected calibration error of probabilities against 0/1 labels (the class summary's definition).</summary>
    public static double ExpectedCalibrationError(ReadOnlySpan<double> probabilities, ReadOnlySpan<int> labels,
        int bins = DefaultBins) => ReliabilityDiagram(probabilities, labels, bins).ExpectedCalibrationError;

    /// <summary>The reliability diagram on NannyML's equal-count bins (10 by default: deciles of the score).</summary>
    public static ReliabilityDiagram ReliabilityDiagram(ReadOnlySpan<double> probabilities, ReadOnlySpan<int> labels,
        int bins = DefaultBins)
    {
        if (probabilities.Length != labels.Length)
        {
            throw new ArgumentException($"{probabilities.Length} probabilities but {labels.Length} labels.",
                nameof(labels));
        }
        var n = probabilities.Length;
        var order = StableOrder(probabilities);
        var edges = BinIndexEdges(n, bins);
        var result = new List<ReliabilityBin>(edges.Count);
        double ece = 0;
        foreach (var (start, end) in edges)
        {
            double sumP = 0, sumY = 0;
            for (var i = start; i < end; i++)
            {
                sumP += probabilities[order[i]];
                sumY += labels[order[i]];
            }
            var count = end - start;
            var meanP = sumP / count;
            var meanY = sumY / count;
            ece += (double)count / n * Math.Abs(meanP - meanY);
            result.Add(new ReliabilityBin(count, meanP, meanY, probabilities[order[start]],
                probabilities[order[end - 1]]));
        }
        return new ReliabilityDiagram(result, ece);
    }

    /// <summary>
    /// NannyML 0.13's <c>needs_calibration</c> (nannyml/calibration.py): False for a single class or ROC AUC &gt; 0.999;
    /// otherwise ten <see cref="StratifiedShuffleSplit"/> splits (test share 0.1, random_state 42), an isotonic
    /// calibrator fitted on each training part and applied to its test part, the test parts pooled, and the ECE
    /// (10 equal-count bins, see the class summary) of raw and calibrated scores compared: calibrate iff
    /// ECE(raw) &gt; ECE(calibrated).
    /// </summary>
    public static CalibrationDecision NeedsCalibration(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels,
        int bins = DefaultBins, int splits = 10)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.", nameof(labels));
        }
        var positives = 0;
        foreach (var label in labels)
        {
            positives += label;
        }
        if (positives == 0 || positives == labels.Length)
        {
            return new CalibrationDecision(false, CalibrationReason.SingleClass, double.NaN, double.NaN);
        }
        if (Metrics.RankMetrics.RocAuc(scores, labels) > 0.999)
        {
            return new CalibrationDecision(false, CalibrationReason.NearPerfectRanking, double.NaN, double.NaN);
        }
        var parts = StratifiedShuffleSplit.Split(labels, splits);
        if (parts is null)
        {
            return new CalibrationDecision(false, CalibrationReason.TooFewRowsToSplit, double.NaN, double.NaN);
        }
        var allScores = scores.ToArray();
        var allLabels = labels.ToArray();
        var pooledLabels = new List<int>();
        var pooledRaw = new List<double>();
        var pooledCalibrated = new List<double>();
        foreach (var part in parts)
        {
            var trainScores = part.Train.Select(i => allScores[i]).ToArray();
            var trainLabels = part.Train.Select(i => allLabels[i]).ToArray();
            var calibrator = IsotonicCalibrator.Fit(trainScores, trainLabels);
            foreach (var i in part.Test)
            {
                pooledLabels.Add(labels[i]);
                pooledRaw.Add(scores[i]);
                pooledCalibrated.Add(calibrator.Calibrate(scores[i]));
            }
        }
        var y = pooledLabels.ToArray();
        var before = ExpectedCalibrationError(pooledRaw.ToArray(), y, bins);
        var after = ExpectedCalibrationError(pooledCalibrated.ToArray(), y, bins);
        return new CalibrationDecision(before > after, CalibrationReason.ExpectedCalibrationError, before, after);
    }

    private static int[] StableOrder(ReadOnlySpan<double> values)
    {
        var keys = values.ToArray();
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) =>
        {
            var c = keys[a].CompareTo(keys[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }
}
