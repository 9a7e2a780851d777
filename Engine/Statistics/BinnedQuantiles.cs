namespace LeadScoring.Engine.Statistics;

/// <summary>
/// A group of values known only by count and extremes: one bin of a histogram whose bins cover disjoint,
/// ascending value ranges (as GROUP BY floor(f(x)·k) yields for any increasing f).
/// </summary>
/// <param name="Min">Smallest value in the bin.</param>
/// <param name="Max">Largest value in the bin.</param>
/// <param name="Count">Number of values in the bin (at least 1).</param>
public readonly record struct ValueBin(double Min, double Max, long Count);

/// <summary>
/// numpy-linear quantiles estimated from binned counts, for windows too large to load every value.
/// Each order statistic x[j] is placed inside the bin that holds rank j, spread evenly between that bin's
/// Min and Max; the true x[j] lies in the same [Min, Max], so every estimate is off by at most the widest
/// (Max − Min) of the bins involved, hence by less than one bin width. Exact when a bin holds one value or
/// the rank is a bin's first or last.
/// </summary>
public static class BinnedQuantiles
{
    /// <summary>Estimate of <see cref="Quantiles.Linear"/> at <paramref name="q"/>; NaN when there are no values.</summary>
    /// <param name="bins">Non-empty bins in ascending value order.</param>
    /// <param name="q">Quantile in [0, 1].</param>
    public static double Linear(IReadOnlyList<ValueBin> bins, double q)
    {
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        long n = 0;
        foreach (var bin in bins)
        {
            n += bin.Count;
        }
        if (n == 0)
        {
            return double.NaN;
        }
        var h = (n - 1) * q;
        var lower = (long)Math.Floor(h);
        var lowerValue = OrderStatistic(bins, lower);
        if (lower >= n - 1)
        {
            return lowerValue;
        }
        return lowerValue + (h - lower) * (OrderStatistic(bins, lower + 1) - lowerValue);
    }

    /// <summary>Estimate of the 0-based <paramref name="rank"/>-th smallest value.</summary>
    private static double OrderStatistic(IReadOnlyList<ValueBin> bins, long rank)
    {
        long before = 0;
        foreach (var bin in bins)
        {
            if (rank < before + bin.Count)
            {
                return bin.Count == 1 ? bin.Min : bin.Min + (bin.Max - bin.Min) * (rank - before) / (bin.Count - 1);
            }
            before += bin.Count;
        }
        return bins[^1].Max;
    }
}
