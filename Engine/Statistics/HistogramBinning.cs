namespace LeadScoring.Engine.Statistics;

/// <summary>numpy-compatible bin edges and counts, and Evidently's zero filling of shares.</summary>
public static class HistogramBinning
{
    /// <summary>
    /// Evidently's <c>get_binned_data(..., feel_zeroes=True)</c>: zeros become min_nonzero / 1e6 when the
    /// smallest non-zero share is ≤ 1e-4, else 1e-4. In place; the vector is not renormalised.
    /// </summary>
    public static void FillZeroes(Span<double> shares)
    {
        var min = double.PositiveInfinity;
        foreach (var s in shares)
        {
            if (s != 0 && s < min)
            {
                min = s;
            }
        }
        if (double.IsPositiveInfinity(min))
        {
            return;
        }
        var fill = min <= 0.0001 ? min / 1e6 : 0.0001;
        for (var i = 0; i < shares.Length; i++)
        {
            if (shares[i] == 0)
            {
                shares[i] = fill;
            }
        }
    }

    /// <summary>
    /// numpy <c>histogram_bin_edges(a, bins="sturges")</c> from the pooled sample's size, minimum and maximum:
    /// width = range / (log2 N + 1), ceil(range / width) equal bins (width at least 1 for integer data).
    /// </summary>
    public static double[] SturgesEdges(long count, double min, double max, bool integerData = false)
    {
        var width = (max - min) / (Math.Log2(count) + 1.0);
        return EqualWidthEdges(min, max, width, integerData);
    }

    /// <summary>numpy <c>histogram_bin_edges(a, bins="doane")</c> (used by the NannyML-style profile).</summary>
    public static double[] DoaneEdges(ReadOnlySpan<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity, mean = 0;
        foreach (var x in values)
        {
            min = Math.Min(min, x);
            max = Math.Max(max, x);
            mean += x;
        }
        mean /= values.Length;
        var width = 0.0;
        var n = values.Length;
        if (n > 2)
        {
            var sg1 = Math.Sqrt(6.0 * (n - 2) / ((n + 1.0) * (n + 3)));
            var sigma = Wasserstein.PopulationStd(values);
            if (sigma > 0.0)
            {
                var g1 = 0.0;
                foreach (var x in values)
                {
                    var t = (x - mean) / sigma;
                    g1 += t * t * t;
                }
                g1 /= n;
                width = (max - min) / (1.0 + Math.Log2(n) + Math.Log2(1.0 + Math.Abs(g1) / sg1));
            }
        }
        return EqualWidthEdges(min, max, width, integerData: false);
    }

    private static double[] EqualWidthEdges(double first, double last, double width, bool integerData)
    {
        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
        }
        int bins;
        if (width != 0 && !double.IsNaN(width))
        {
            if (integerData && width < 1)
            {
                width = 1;
            }
            bins = (int)Math.Ceiling((last - first) / width);
        }
        else
        {
            bins = 1;
        }
        // numpy.linspace(first, last, bins + 1): i * step + first, last element set to `last` exactly.
        var edges = new double[bins + 1];
        var step = (last - first) / bins;
        for (var i = 0; i <= bins; i++)
        {
            edges[i] = i * step + first;
        }
        edges[bins] = last;
        return edges;
    }

    /// <summary>
    /// The numpy <c>histogram</c> bin of x for the given edges: edges[i] ≤ x &lt; edges[i+1], the last bin closed;
    /// −1 when x lies outside the edges.
    /// </summary>
    public static int BinIndex(ReadOnlySpan<double> edges, double x)
    {
        var last = edges.Length - 1;
        if (!(x >= edges[0]) || x > edges[last])
        {
            return -1;
        }
        if (x == edges[last])
        {
            return last - 1;
        }
        int lo = 0, hi = last;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >> 1;
            if (edges[mid] <= x)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>numpy <c>histogram(values, edges)[0]</c>.</summary>
    public static long[] Counts(ReadOnlySpan<double> values, ReadOnlySpan<double> edges)
    {
        var counts = new long[edges.Length - 1];
        foreach (var x in values)
        {
            var b = BinIndex(edges, x);
            if (b >= 0)
            {
                counts[b]++;
            }
        }
        return counts;
    }
}
