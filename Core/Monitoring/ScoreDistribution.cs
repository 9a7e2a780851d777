namespace LeadScoring.Core.Monitoring;

/// <summary>Score binning in memory, the same way the store bins (floor(score·bins), 1.0 in the last bin).</summary>
public static class ScoreDistribution
{
    /// <summary>Counts of <paramref name="scores"/> in <paramref name="bins"/> equal bins over [0, 1]; NaN is skipped, out-of-range scores join the end bins.</summary>
    public static Histogram Bin(ReadOnlySpan<double> scores, int bins = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var counts = new long[bins];
        foreach (var s in scores)
        {
            if (double.IsNaN(s))
            {
                continue;
            }
            counts[Math.Clamp((int)Math.Floor(s * bins), 0, bins - 1)]++;
        }
        return new Histogram(0, 1, counts);
    }

    /// <summary>Each bin's share of the total (sums to 1), so samples of different sizes compare; all zeros when empty.</summary>
    public static double[] Shares(Histogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var total = histogram.Total;
        return [.. histogram.Counts.Select(c => total == 0 ? 0.0 : (double)c / total)];
    }
}
