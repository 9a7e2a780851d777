using System.Buffers;

namespace LeadScoring.Engine.Performance.Metrics;

/// <summary>
/// Stable ascending sort of row indices by score: an LSD radix sort on the order-preserving 64-bit image of each
/// double, 11 bits per pass, skipping every pass whose digit is the same for all rows (for scores in [0, 1] the sign
/// and most exponent bits; for scores that came from float32 model outputs also the 29 low mantissa bits), so a
/// float32-origin column sorts in 3–4 passes. Exact: equal doubles compare equal, −0.0 is taken as +0.0.
/// </summary>
internal static class ScoreSort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;

    /// <summary>The order-preserving unsigned image of a non-NaN double.</summary>
    public static ulong Key(double value)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value + 0.0);
        return (bits & 0x8000000000000000UL) != 0 ? ~bits : bits | 0x8000000000000000UL;
    }

    /// <summary>The double whose <see cref="Key"/> is <paramref name="key"/>.</summary>
    public static double FromKey(ulong key) =>
        BitConverter.Int64BitsToDouble((long)((key & 0x8000000000000000UL) != 0 ? key & 0x7FFFFFFFFFFFFFFFUL : ~key));

    /// <summary>Row indices 0 … n−1 sorted by ascending score, ties in row order.</summary>
    public static int[] Order(ReadOnlySpan<double> scores)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var sorted = new double[scores.Length];
        Sort(scores, order, sorted, order);
        return order;
    }

    /// <summary>
    /// Sorts (score, payload) pairs by ascending score, stably: <paramref name="sortedScores"/> and
    /// <paramref name="sortedPayload"/> receive the pairs in order (<paramref name="sortedPayload"/> may be the same
    /// array as <paramref name="payload"/>).
    /// </summary>
    public static void Sort(ReadOnlySpan<double> scores, ReadOnlySpan<int> payload, Span<double> sortedScores,
        Span<int> sortedPayload)
    {
        var n = scores.Length;
        if (payload.Length != n || sortedScores.Length != n || sortedPayload.Length != n)
        {
            throw new ArgumentException("Scores, payload and outputs must have the same length.");
        }
        if (n == 0)
        {
            return;
        }
        var keyA = ArrayPool<ulong>.Shared.Rent(n);
        var keyB = ArrayPool<ulong>.Shared.Rent(n);
        var payloadA = ArrayPool<int>.Shared.Rent(n);
        var payloadB = ArrayPool<int>.Shared.Rent(n);
        try
        {
            if (n < 256)
            {
                InsertionSort(scores, payload, keyA, payloadA, n);
                for (var i = 0; i < n; i++)
                {
                    sortedScores[i] = FromKey(keyA[i]);
                    sortedPayload[i] = payloadA[i];
                }
                return;
            }
            var histogram = new int[Passes * Buckets];
            for (var i = 0; i < n; i++)
            {
                var key = Key(scores[i]);
                keyA[i] = key;
                payloadA[i] = payload[i];
                histogram[(int)(key & (Buckets - 1))]++;
                histogram[Buckets + (int)((key >> DigitBits) & (Buckets - 1))]++;
                histogram[2 * Buckets + (int)((key >> (2 * DigitBits)) & (Buckets - 1))]++;
                histogram[3 * Buckets + (int)((key >> (3 * DigitBits)) & (Buckets - 1))]++;
                histogram[4 * Buckets + (int)((key >> (4 * DigitBits)) & (Buckets - 1))]++;
                histogram[5 * Buckets + (int)(key >> (5 * DigitBits))]++;
            }
            var srcKeys = keyA;
            var srcPayload = payloadA;
            var dstKeys = keyB;
            var dstPayload = payloadB;
            for (var p = 0; p < Passes; p++)
            {
                var counts = histogram.AsSpan(p * Buckets, Buckets);
                var shift = p * DigitBits;
                if (counts[(int)((srcKeys[0] >> shift) & (Buckets - 1))] == n)
                {
                    continue; // every row has the same digit: this pass would not move anything
                }
                var sum = 0;
                for (var b = 0; b < Buckets; b++)
                {
                    var c = counts[b];
                    counts[b] = sum;
                    sum += c;
                }
                Scatter(srcKeys, srcPayload, dstKeys, dstPayload, counts, shift, n);
                (srcKeys, dstKeys) = (dstKeys, srcKeys);
                (srcPayload, dstPayload) = (dstPayload, srcPayload);
            }
            for (var i = 0; i < n; i++)
            {
                sortedScores[i] = FromKey(srcKeys[i]);
            }
            srcPayload.AsSpan(0, n).CopyTo(sortedPayload);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keyA);
            ArrayPool<ulong>.Shared.Return(keyB);
            ArrayPool<int>.Shared.Return(payloadA);
            ArrayPool<int>.Shared.Return(payloadB);
        }
    }

    private static void Scatter(ulong[] srcKeys, int[] srcPayload, ulong[] dstKeys, int[] dstPayload, Span<int> offsets,
        int shift, int n)
    {
        for (var i = 0; i < n; i++)
        {
            var key = srcKeys[i];
            var position = offsets[(int)((key >> shift) & (Buckets - 1))]++;
            dstKeys[position] = key;
            dstPayload[position] = srcPayload[i];
        }
    }

    private static void InsertionSort(ReadOnlySpan<double> scores, ReadOnlySpan<int> payload, ulong[] keys,
        int[] values, int n)
    {
        for (var i = 0; i < n; i++)
        {
            var key = Key(scores[i]);
            var value = payload[i];
            var j = i - 1;
            while (j >= 0 && keys[j] > key)
            {
                keys[j + 1] = keys[j];
                values[j + 1] = values[j];
                j--;
            }
            keys[j + 1] = key;
            values[j + 1] = value;
        }
    }
}
