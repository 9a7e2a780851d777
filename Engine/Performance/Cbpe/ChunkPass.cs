using LeadScoring.Engine.Performance.Calibration;
using LeadScoring.Engine.Performance.Metrics;

namespace LeadScoring.Engine.Performance.Cbpe;

/// <summary>Outcome codes of a prediction.</summary>
public static class Outcome
{
    /// <summary>No outcome known yet.</summary>
    public const sbyte Unknown = -1;

    /// <summary>Did not convert.</summary>
    public const sbyte NotConverted = 0;

    /// <summary>Converted.</summary>
    public const sbyte Converted = 1;

    /// <summary>Outcome codes from nullable 0/1 labels (null = unknown).</summary>
    public static sbyte[] FromNullable(IReadOnlyList<int?> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var result = new sbyte[labels.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = labels[i] switch
            {
                null => Unknown,
                0 => NotConverted,
                1 => Converted,
                var other => throw new ArgumentException($"Label {i + 1} is {other}; labels are 0, 1 or missing.",
                    nameof(labels)),
            };
        }
        return result;
    }
}

/// <summary>
/// One pass over all rows in descending score order that computes, for every chunk at once, the expected confusion
/// matrix, NannyML's estimated ROC AUC curve, and the realized counts and ROC AUC of the labelled rows, and also
/// collects the distinct-score summary of all labelled rows for the whole-window realized metrics. Rows keep their
/// chunk's own score order because a chunk's rows are a subsequence of the global order.
/// </summary>
internal sealed class ChunkPass
{
    private ChunkPass(int chunks)
    {
        Rows = new long[chunks];
        Labelled = new long[chunks];
        Positives = new long[chunks];
        Negatives = new long[chunks];
        PredictedPositiveLabelled = new long[chunks];
        RealizedTruePositives = new long[chunks];
        RealizedFalsePositives = new long[chunks];
        TwiceU = new long[chunks];
        ExpectedTp = new double[chunks];
        ExpectedFp = new double[chunks];
        ExpectedFn = new double[chunks];
        ExpectedTn = new double[chunks];
        CumulativeP = new double[chunks];
        Seen = new long[chunks];
        PreviousTps = new double[chunks];
        PreviousFps = new double[chunks];
        TwiceArea = new double[chunks];
    }

    public long[] Rows { get; }
    public long[] Labelled { get; }
    public long[] Positives { get; }
    public long[] Negatives { get; }
    public long[] PredictedPositiveLabelled { get; }
    public long[] RealizedTruePositives { get; }
    public long[] RealizedFalsePositives { get; }
    public long[] TwiceU { get; }
    public double[] ExpectedTp { get; }
    public double[] ExpectedFp { get; }
    public double[] ExpectedFn { get; }
    public double[] ExpectedTn { get; }
    public double[] CumulativeP { get; }
    public long[] Seen { get; }
    public double[] PreviousTps { get; }
    public double[] PreviousFps { get; }
    public double[] TwiceArea { get; }

    /// <summary>Distinct-score summary of every labelled row (null unless requested).</summary>
    public ScoreUnits? LabelledUnits { get; private set; }

    /// <summary>Runs the pass. <paramref name="chunkOf"/>[row] is the row's chunk or −1.</summary>
    public static ChunkPass Run(ReadOnlySpan<double> scores, ReadOnlySpan<sbyte> labels, ReadOnlySpan<int> chunkOf,
        int chunkCount, double threshold, IsotonicCalibrator? calibrator, bool collectUnits)
    {
        var n = scores.Length;
        var pass = new ChunkPass(chunkCount);
        var negativeTotal = new long[chunkCount];
        // Payload carried through the sort: (chunk + 1) << 2 | (outcome + 1), so the pass reads memory sequentially.
        var meta = new int[n];
        for (var row = 0; row < n; row++)
        {
            ScoreUnits.ValidateScore(scores[row], row);
            var c = chunkOf[row];
            var label = labels[row];
            if (label is < -1 or > 1)
            {
                throw new ArgumentException($"Outcome {row + 1} is {label}; outcomes are -1 (unknown), 0 or 1.",
                    nameof(labels));
            }
            if (c >= 0 && label == Outcome.NotConverted)
            {
                negativeTotal[c]++;
            }
            meta[row] = ((c + 1) << 2) | (label + 1);
        }
        var sorted = new double[n];
        ScoreSort.Sort(scores, meta, sorted, meta);
        pass.Accumulate(sorted, meta, negativeTotal, threshold, calibrator, collectUnits);
        return pass;
    }

    /// <summary>Per-chunk running state of the pass (one struct per chunk keeps it in one cache line or two).</summary>
    private struct State
    {
        public long Rows, Labelled, Positives, Negatives, Predicted, RealizedTp, RealizedFp, TwiceU;
        public long GroupPos, GroupNeg, NegativesAbove, NegativeTotal, Seen;
        public double Tp, Fp, Fn, Tn, CumulativeP, PreviousTps, PreviousFps, TwiceArea;
        public bool Touched;
    }

    private void Accumulate(double[] sorted, int[] meta, long[] negativeTotal, double threshold,
        IsotonicCalibrator? calibrator, bool collectUnits)
    {
        var n = sorted.Length;
        var chunkCount = Rows.Length;
        var states = new State[chunkCount];
        for (var c = 0; c < chunkCount; c++)
        {
            states[c].NegativeTotal = negativeTotal[c];
        }
        var touched = new int[chunkCount];

        // Labelled distinct scores, collected in descending order and reversed at the end.
        var unitScores = collectUnits ? new double[Math.Min(n, 1 << 16)] : [];
        var unitPos = collectUnits ? new int[unitScores.Length] : [];
        var unitNeg = collectUnits ? new int[unitScores.Length] : [];
        var units = 0;

        // Calibration by walking the knots downwards; slopes precomputed with scipy's own expression, so every
        // calibrated value is bit-equal to IsotonicCalibrator.Calibrate.
        var xs = calibrator?.XThresholds ?? [];
        var ys = calibrator?.YThresholds ?? [];
        var slopes = new double[xs.Length];
        for (var k = 1; k < xs.Length; k++)
        {
            slopes[k] = (ys[k] - ys[k - 1]) / (xs[k] - xs[k - 1]);
        }
        var knot = xs.Length;
        var i = n - 1;
        while (i >= 0)
        {
            var score = sorted[i];
            var j = i;
            while (j > 0 && sorted[j - 1] == score)
            {
                j--;
            }
            double p;
            if (calibrator is null)
            {
                p = score;
            }
            else if (xs.Length == 1)
            {
                p = ys[0];
            }
            else
            {
                var x = Math.Clamp(score, calibrator.XMin, calibrator.XMax);
                while (knot > 0 && xs[knot - 1] >= x)
                {
                    knot--;
                }
                var k = Math.Clamp(knot, 1, xs.Length - 1);
                p = slopes[k] * (x - xs[k - 1]) + ys[k - 1];
            }
            var q = 1 - p;
            var engaged = score >= threshold;
            var touchedCount = 0;
            int groupUnitPos = 0, groupUnitNeg = 0;
            for (var k = i; k >= j; k--)
            {
                var m = meta[k];
                var label = (m & 3) - 1;
                var c = (m >> 2) - 1;
                if (label == Outcome.Converted)
                {
                    groupUnitPos++;
                }
                else if (label == Outcome.NotConverted)
                {
                    groupUnitNeg++;
                }
                if (c < 0)
                {
                    continue;
                }
                ref var st = ref states[c];
                st.Rows++;
                if (engaged)
                {
                    st.Tp += p;
                    st.Fp += q;
                }
                else
                {
                    st.Fn += p;
                    st.Tn += q;
                }
                // nannyml estimate_roc_auc: tps = cumsum(p), fps = 1 + arange − tps, both rounded to 5 decimals.
                var cumulative = st.CumulativeP += p;
                var seen = ++st.Seen;
                var tps = Round5(cumulative);
                var fps = Round5(seen - cumulative);
                st.TwiceArea += (fps - st.PreviousFps) * (tps + st.PreviousTps);
                st.PreviousTps = tps;
                st.PreviousFps = fps;
                if (label < 0)
                {
                    continue;
                }
                st.Labelled++;
                if (!st.Touched)
                {
                    st.Touched = true;
                    touched[touchedCount++] = c;
                }
                if (label == Outcome.Converted)
                {
                    st.Positives++;
                    st.GroupPos++;
                }
                else
                {
                    st.Negatives++;
                    st.GroupNeg++;
                }
                if (engaged)
                {
                    st.Predicted++;
                    if (label == Outcome.Converted)
                    {
                        st.RealizedTp++;
                    }
                    else
                    {
                        st.RealizedFp++;
                    }
                }
            }
            for (var t = 0; t < touchedCount; t++)
            {
                ref var st = ref states[touched[t]];
                var below = st.NegativeTotal - st.NegativesAbove - st.GroupNeg;
                st.TwiceU += st.GroupPos * (2 * below + st.GroupNeg);
                st.NegativesAbove += st.GroupNeg;
                st.GroupPos = 0;
                st.GroupNeg = 0;
                st.Touched = false;
            }
            if (collectUnits && groupUnitPos + groupUnitNeg > 0)
            {
                if (units == unitScores.Length)
                {
                    Array.Resize(ref unitScores, units * 2);
                    Array.Resize(ref unitPos, units * 2);
                    Array.Resize(ref unitNeg, units * 2);
                }
                unitScores[units] = score;
                unitPos[units] = groupUnitPos;
                unitNeg[units] = groupUnitNeg;
                units++;
            }
            i = j - 1;
        }
        for (var c = 0; c < chunkCount; c++)
        {
            ref var st = ref states[c];
            Rows[c] = st.Rows;
            Labelled[c] = st.Labelled;
            Positives[c] = st.Positives;
            Negatives[c] = st.Negatives;
            PredictedPositiveLabelled[c] = st.Predicted;
            RealizedTruePositives[c] = st.RealizedTp;
            RealizedFalsePositives[c] = st.RealizedFp;
            TwiceU[c] = st.TwiceU;
            ExpectedTp[c] = st.Tp;
            ExpectedFp[c] = st.Fp;
            ExpectedFn[c] = st.Fn;
            ExpectedTn[c] = st.Tn;
            CumulativeP[c] = st.CumulativeP;
            Seen[c] = st.Seen;
            PreviousTps[c] = st.PreviousTps;
            PreviousFps[c] = st.PreviousFps;
            TwiceArea[c] = st.TwiceArea;
        }
        if (collectUnits)
        {
            Array.Reverse(unitScores, 0, units);
            Array.Reverse(unitPos, 0, units);
            Array.Reverse(unitNeg, 0, units);
            LabelledUnits = new ScoreUnits(unitScores, unitPos, unitNeg, units);
        }
    }

    /// <summary>numpy's <c>np.round(x, 5)</c>: rint(x · 1e5) / 1e5 with ties to even.</summary>
    public static double Round5(double x) => Math.Round(x * 100000.0, MidpointRounding.ToEven) / 100000.0;

    /// <summary>NannyML's estimated metrics for chunk <paramref name="c"/>.</summary>
    public MetricValues Estimated(int c)
    {
        double tp = ExpectedTp[c], fp = ExpectedFp[c], fn = ExpectedFn[c], tn = ExpectedTn[c];
        var f1Denominator = tp + 0.5 * (fp + fn);
        var totalTps = PreviousTps[c];
        var totalFps = PreviousFps[c];
        return new MetricValues(
            RocAuc: TwiceArea[c] / 2 / (totalTps * totalFps),
            F1: f1Denominator != 0 ? tp / f1Denominator : 0,
            Precision: tp + fp != 0 ? tp / (tp + fp) : 0,
            Recall: tp + fn != 0 ? tp / (tp + fn) : 0,
            Accuracy: (tp + tn) / Rows[c]);
    }

    /// <summary>NannyML's realized metrics for chunk <paramref name="c"/> (NaN where NannyML returns NaN); null
    /// without labelled rows.</summary>
    public MetricValues? Realized(int c)
    {
        var labelled = Labelled[c];
        if (labelled == 0)
        {
            return null;
        }
        long pos = Positives[c], neg = Negatives[c], tp = RealizedTruePositives[c], fp = RealizedFalsePositives[c];
        var fn = pos - tp;
        var tn = neg - fp;
        var predicted = PredictedPositiveLabelled[c];
        var singleClass = pos == 0 || neg == 0;
        var singlePrediction = predicted == 0 || predicted == labelled;
        var undefined = singleClass || singlePrediction;
        return new MetricValues(
            RocAuc: singleClass ? double.NaN : TwiceU[c] / (2.0 * pos * neg),
            F1: undefined ? double.NaN : 2.0 * tp / (2 * tp + fp + fn),
            Precision: undefined ? double.NaN : (double)tp / (tp + fp),
            Recall: undefined ? double.NaN : (double)tp / (tp + fn),
            Accuracy: (double)(tp + tn) / labelled);
    }

    public ExpectedConfusion Confusion(int c) => new(ExpectedTp[c], ExpectedFp[c], ExpectedTn[c], ExpectedFn[c]);
}
