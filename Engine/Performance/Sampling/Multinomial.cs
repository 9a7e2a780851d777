namespace LeadScoring.Engine.Performance.Sampling;

/// <summary>
/// Multinomial counts by binomial splitting: the cells are halved recursively and the left half receives
/// Binomial(n, weight(left) / weight(both)) of the draws. K cells cost at most K − 1 binomial variates whatever n is,
/// and a branch that receives no draws costs nothing. Weights are integer counts, so every split probability is an
/// exact ratio of the data's own counts.
/// </summary>
internal static class Multinomial
{
    /// <summary>
    /// Writes into <paramref name="counts"/> (length K) a draw of <paramref name="n"/> items over K cells whose weights
    /// are given as prefix sums (<paramref name="prefix"/> has K + 1 entries, prefix[0] = 0).
    /// </summary>
    public static void Sample(ref Xoshiro256 rng, long n, ReadOnlySpan<long> prefix, Span<int> counts)
    {
        if (counts.Length == 0)
        {
            return;
        }
        Split(ref rng, n, prefix, counts, 0, counts.Length);
    }

    private static void Split(ref Xoshiro256 rng, long n, ReadOnlySpan<long> prefix, Span<int> counts, int lo, int hi)
    {
        while (true)
        {
            if (n == 0)
            {
                counts[lo..hi].Clear();
                return;
            }
            if (hi - lo == 1)
            {
                counts[lo] = (int)n;
                return;
            }
            var mid = (lo + hi) >>> 1;
            var total = prefix[hi] - prefix[lo];
            var left = prefix[mid] - prefix[lo];
            var k = left == 0 ? 0 : left == total ? n : Binomial.Sample(ref rng, n, (double)left / total);
            Split(ref rng, k, prefix, counts, lo, mid);
            // Tail call on the right half.
            n -= k;
            lo = mid;
        }
    }
}
