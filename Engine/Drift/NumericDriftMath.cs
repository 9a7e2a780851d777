using LeadScoring.Engine.Statistics;

namespace LeadScoring.Engine.Drift;

/// <summary>Exact KS, Wasserstein and binned shares of a numeric column, derived from <see cref="NumericCounts"/>.</summary>
internal static class NumericDriftMath
{
    /// <summary>
    /// KS D as scipy computes it: the ECDF difference is evaluated at every reference distinct value and at the last
    /// current value of each gap, which are where its extremes lie (the reference ECDF is flat inside a gap).
    /// </summary>
    public static double KsStatistic(NumericReferenceColumn r, NumericCounts c)
    {
        double n1 = r.Count, n2 = c.Count;
        var m = r.DistinctCount;
        long cr = 0, cc = 0;
        double maxD = double.NegativeInfinity, minD = double.PositiveInfinity;
        for (var k = 0; k <= m; k++)
        {
            if (c.Gap[k] > 0)
            {
                cc += c.Gap[k];
                var d = cr / n1 - cc / n2;
                maxD = Math.Max(maxD, d);
                minD = Math.Min(minD, d);
            }
            if (k < m)
            {
                cr = r.Cumulative[k];
                cc += c.Equal[k];
                var d = cr / n1 - cc / n2;
                maxD = Math.Max(maxD, d);
                minD = Math.Min(minD, d);
            }
        }
        var minS = Math.Clamp(-minD, 0, 1);
        return minS > maxD ? minS : maxD;
    }

    /// <summary>
    /// scipy <c>wasserstein_distance(ref, cur)</c>: closed form per reference gap from the count and offset sums; a gap
    /// where the two ECDFs cross is integrated piecewise over its sorted current values.
    /// </summary>
    public static double Wasserstein(NumericReferenceColumn r, NumericCounts c, double[] values, int[]? slots)
        => Wasserstein(r, c, crossing => CrossingGaps(r, c, values, slots, crossing));

    /// <summary>As above, with the crossing gaps integrated by <paramref name="crossingGaps"/> (raw values or counted ones).</summary>
    public static double Wasserstein(NumericReferenceColumn r, NumericCounts c, Func<List<int>, double> crossingGaps)
    {
        var u = r.DistinctArray;
        var m = u.Length;
        double n1 = r.Count, n2 = c.Count;
        var w = -c.GapOffset[0] / n2;
        long ccum = c.Gap[0];
        List<int>? crossing = null;
        for (var k = 1; k < m; k++)
        {
            ccum += c.Equal[k - 1];
            var a = r.Cumulative[k - 1] / n1;
            var len = u[k] - u[k - 1];
            var g = c.Gap[k];
            var start = ccum / n2;
            var end = (ccum + g) / n2;
            var integralCur = (ccum * len + g * len - c.GapOffset[k]) / n2;
            if (end <= a)
            {
                w += a * len - integralCur;
            }
            else if (start >= a)
            {
                w += integralCur - a * len;
            }
            else
            {
                (crossing ??= []).Add(k);
            }
            ccum += g;
        }
        w += c.GapOffset[m] / n2;
        if (crossing is not null)
        {
            w += crossingGaps(crossing);
        }
        return w;
    }

    private static double CrossingGaps(NumericReferenceColumn r, NumericCounts c, double[] values, int[]? slots, List<int> crossing)
    {
        if (slots is null)
        {
            slots = new int[values.Length];
            ColumnCounting.Count(r, values, slots, trackUnseen: false);
        }
        var u = r.DistinctArray;
        double n1 = r.Count, n2 = c.Count;
        // Gather the current values of the crossing gaps into one buffer, one segment per gap (slot 2k = gap k).
        var segment = new int[2 * u.Length + 1];
        Array.Fill(segment, -1);
        var starts = new int[crossing.Count + 1];
        for (var g = 0; g < crossing.Count; g++)
        {
            segment[2 * crossing[g]] = g;
            starts[g + 1] = starts[g] + c.Gap[crossing[g]];
        }
        // Pooled: on a large window the crossing gaps can hold a good part of a million values, once per column.
        var buffer = System.Buffers.ArrayPool<double>.Shared.Rent(Math.Max(1, starts[^1]));
        var fill = (int[])starts.Clone();
        for (var i = 0; i < values.Length; i++)
        {
            var s = slots[i];
            if (s >= 0 && segment[s] is var g && g >= 0)
            {
                buffer[fill[g]++] = values[i];
            }
        }
        // Cumulative current counts up to each gap start.
        var before = new long[u.Length + 1];
        long run = c.Gap[0];
        for (var k = 1; k < u.Length; k++)
        {
            run += c.Equal[k - 1];
            before[k] = run;
            run += c.Gap[k];
        }
        var w = 0.0;
        for (var g = 0; g < crossing.Count; g++)
        {
            var k = crossing[g];
            Array.Sort(buffer, starts[g], starts[g + 1] - starts[g]);
            var a = r.Cumulative[k - 1] / n1;
            var prev = u[k - 1];
            var level = before[k];
            for (var j = starts[g]; j < starts[g + 1]; j++)
            {
                var y = buffer[j];
                w += Math.Abs(a - level / n2) * (y - prev);
                prev = y;
                level++;
            }
            w += Math.Abs(a - level / n2) * (u[k] - prev);
        }
        System.Buffers.ArrayPool<double>.Shared.Return(buffer);
        return w;
    }

    /// <summary>
    /// The crossing gaps' integral from each gap's sorted distinct values with their counts: a repeated value adds a
    /// zero-width step in the raw loop, so stepping the level by the count gives the same sum bit for bit.
    /// </summary>
    public static double CountedCrossingGaps(NumericReferenceColumn r, NumericCounts c, Func<int, IEnumerable<(double Value, long Count)>> sortedGap,
        List<int> crossing)
    {
        var u = r.DistinctArray;
        double n1 = r.Count, n2 = c.Count;
        var before = new long[u.Length + 1];
        long run = c.Gap[0];
        for (var k = 1; k < u.Length; k++)
        {
            run += c.Equal[k - 1];
            before[k] = run;
            run += c.Gap[k];
        }
        var w = 0.0;
        foreach (var k in crossing)
        {
            var a = r.Cumulative[k - 1] / n1;
            var prev = u[k - 1];
            var level = before[k];
            foreach (var (y, n) in sortedGap(k))
            {
                w += Math.Abs(a - level / n2) * (y - prev);
                prev = y;
                level += n;
            }
            w += Math.Abs(a - level / n2) * (u[k] - prev);
        }
        return w;
    }

    /// <summary>Keys of reference ∪ current in ascending order with their counts (for per-value tests).</summary>
    public static (double[] Keys, double[] RefCounts, double[] CurCounts) Discrete(NumericReferenceColumn r, NumericCounts c)
    {
        var unseen = c.Unseen is null ? [] : c.Unseen.Keys.Order().ToArray();
        var m = r.DistinctCount;
        var keys = new double[m + unseen.Length];
        var rc = new double[keys.Length];
        var cc = new double[keys.Length];
        int i = 0, j = 0, o = 0;
        var u = r.DistinctArray;
        while (i < m || j < unseen.Length)
        {
            if (j >= unseen.Length || (i < m && u[i] < unseen[j]))
            {
                keys[o] = u[i];
                rc[o] = r.Counts[i];
                cc[o] = c.Equal[i];
                i++;
            }
            else
            {
                keys[o] = unseen[j];
                cc[o] = c.Unseen![unseen[j]];
                j++;
            }
            o++;
        }
        return (keys, rc, cc);
    }

    /// <summary>Evidently's Sturges binning over reference ∪ current, then shares per sample.</summary>
    public static (double[] Ref, double[] Cur) SturgesShares(NumericReferenceColumn r, NumericCounts c, double[] values, bool currentIsInteger)
        => SturgesShares(r, c, edges => BinCounts(values, edges, out _), currentIsInteger);

    /// <summary>As above, with the current counts per bin from <paramref name="binCounts"/>.</summary>
    public static (double[] Ref, double[] Cur) SturgesShares(NumericReferenceColumn r, NumericCounts c, Func<double[], double[]> binCounts, bool currentIsInteger)
    {
        var u = r.DistinctArray;
        var min = c.Gap[0] > 0 ? Math.Min(c.Min, u[0]) : u[0];
        var max = c.Gap[^1] > 0 ? Math.Max(c.Max, u[^1]) : u[^1];
        var edges = HistogramBinning.SturgesEdges((long)r.Count + c.Count, min, max, r.IsInteger && currentIsInteger);
        var refShares = new double[edges.Length - 1];
        for (var k = 0; k < u.Length; k++)
        {
            refShares[HistogramBinning.BinIndex(edges, u[k])] += r.Counts[k];
        }
        var curShares = binCounts(edges);
        for (var b = 0; b < refShares.Length; b++)
        {
            refShares[b] /= r.Count;
            curShares[b] /= c.Count;
        }
        return (refShares, curShares);
    }

    /// <summary>Counts of finite values per bin; values outside the edges are counted separately.</summary>
    public static double[] BinCounts(double[] values, double[] edges, out long outside)
    {
        var counts = new double[edges.Length - 1];
        outside = 0;
        foreach (var x in values)
        {
            if (!double.IsFinite(x))
            {
                continue;
            }
            var b = HistogramBinning.BinIndex(edges, x);
            if (b < 0)
            {
                outside++;
            }
            else
            {
                counts[b]++;
            }
        }
        return counts;
    }

    /// <summary>
    /// Plot histogram whose edges are reference distinct values near equal-width positions, so both samples' counts
    /// come from the gap counts; current values outside the reference range get their own outer bins.
    /// </summary>
    public static DriftHistogram PlotHistogram(NumericReferenceColumn r, NumericCounts c, int targetBins)
    {
        var u = r.DistinctArray;
        var m = u.Length;
        var starts = new List<int> { 0 };
        var width = (u[m - 1] - u[0]) / Math.Max(targetBins, 1);
        for (var b = 1; b < targetBins && width > 0; b++)
        {
            var edge = u[0] + b * width;
            var s = Array.BinarySearch(u, edge);
            s = s < 0 ? ~s : s;
            if (s > starts[^1] && s < m - 1)
            {
                starts.Add(s);
            }
        }
        var edges = new List<double>();
        var rc = new List<long>();
        var cc = new List<long>();
        if (c.Gap[0] > 0)
        {
            edges.Add(c.Min);
            rc.Add(0);
            cc.Add(c.Gap[0]);
        }
        for (var i = 0; i < starts.Count; i++)
        {
            var from = starts[i];
            var to = i + 1 < starts.Count ? starts[i + 1] : m;
            long rsum = 0, csum = 0;
            for (var k = from; k < to; k++)
            {
                rsum += r.Counts[k];
                csum += c.Equal[k] + (k + 1 < m ? c.Gap[k + 1] : 0);
            }
            edges.Add(u[from]);
            rc.Add(rsum);
            cc.Add(csum);
        }
        edges.Add(u[m - 1]);
        if (c.Gap[m] > 0)
        {
            edges.Add(c.Max);
            rc.Add(0);
            cc.Add(c.Gap[m]);
        }
        return new DriftHistogram(edges, null, rc, cc);
    }
}
