namespace LeadScoring.Engine.Statistics;

/// <summary>Order statistics as numpy computes them by default.</summary>
public static class Quantiles
{
    /// <summary>
    /// numpy.percentile's default ("linear", Hyndman–Fan type 7) on ascending-sorted values:
    /// h = (n − 1)·q, result = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]). NaN for an empty input.
    /// </summary>
    /// <param name="sorted">Values sorted ascending, without NaN.</param>
    /// <param name="q">Quantile in [0, 1] (percentile / 100).</param>
    public static double Linear(ReadOnlySpan<double> sorted, double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        if (sorted.IsEmpty)
        {
            return double.NaN;
        }
        var h = (sorted.Length - 1) * q;
        var lower = (int)Math.Floor(h);
        if (lower >= sorted.Length - 1)
        {
            return sorted[^1];
        }
        var fraction = h - lower;
        return sorted[lower] + fraction * (sorted[lower + 1] - sorted[lower]);
    }
}
