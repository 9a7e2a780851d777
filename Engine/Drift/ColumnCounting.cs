using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LeadScoring.Engine.Drift;

/// <summary>Counts of a current numeric column against the reference's sorted distinct values (one pass, no sort).</summary>
internal sealed class NumericCounts
{
    /// <summary>Most distinct unseen values tracked per column.</summary>
    public const int MaxTrackedUnseen = 10000;

    public required int[] Equal { get; init; }          // current == Distinct[k]
    public required int[] Gap { get; init; }            // Distinct[k-1] < current < Distinct[k]; Gap[0] below, Gap[m] above
    public required double[] GapOffset { get; init; }   // Σ (x − Distinct[k-1]) per gap (x − Distinct[0] for gap 0)
    public int Missing { get; set; }
    public int Count { get; set; }
    public double Min { get; set; } = double.PositiveInfinity; // only meaningful when Gap[0] > 0
    public double Max { get; set; } = double.NegativeInfinity; // only meaningful when Gap[m] > 0
    public Dictionary<double, int>? Unseen { get; set; }
    public bool UnseenOverflow { get; set; }
    public long UnseenTotal { get; set; }
}

/// <summary>Counts of a current categorical column against the reference categories.</summary>
internal sealed class CategoricalCounts
{
    public required int[] Counts { get; init; }
    public int Missing { get; set; }
    public int Count { get; set; }
    public required Dictionary<string, int> Unseen { get; init; }
    public bool UnseenOverflow { get; set; }
    public long UnseenTotal { get; set; }
}

/// <summary>The single pass over current data that every test is derived from.</summary>
internal static class ColumnCounting
{
    /// <summary>
    /// Locates each current value among the reference's distinct values: a bucket table gives a lower bound of its
    /// position, a short scan (or a binary search in crowded buckets) the exact one. When <paramref name="slots"/> is
    /// given, slot 2k−1 (equal to Distinct[k−1]) or 2k (inside gap k), or −1 for missing, is written per row.
    /// </summary>
    public static NumericCounts Count(NumericReferenceColumn reference, double[] values, int[]? slots, bool trackUnseen)
    {
        var u = reference.DistinctArray;
        var m = u.Length;
        var c = new NumericCounts { Equal = new int[m], Gap = new int[m + 1], GapOffset = new double[m + 1] };
        if (trackUnseen)
        {
            c.Unseen = [];
        }
        // One 16-byte record per position keeps a value's counters in one cache line (eq of Distinct[pos-1], gap pos).
        var stats = new PositionStats[m + 1];
        double lo = u[0], hi = u[m - 1];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var missing = 0;
        var scale = 0.0;
        var table = m > 8 ? reference.BucketTable(out scale) : null;
        var buckets = table is null ? 0 : table.Length - 1;
        for (var i = 0; i < values.Length; i++)
        {
            var x = values[i];
            if (!double.IsFinite(x))
            {
                missing++;
                if (slots is not null)
                {
                    slots[i] = -1;
                }
                continue;
            }
            int pos;
            if (table is null)
            {
                // Branch-free for few distinct values (binary flags): the loop always runs m times.
                pos = 0;
                for (var k = 0; k < m; k++)
                {
                    pos += u[k] <= x ? 1 : 0;
                }
            }
            else if (x < lo)
            {
                pos = 0;
            }
            else if (x >= hi)
            {
                pos = m;
            }
            else
            {
                var b = (int)((x - lo) * scale);
                if (b >= buckets)
                {
                    b = buckets - 1;
                }
                pos = table[b];
                var end = table[b + 1];
                if (end - pos <= 8)
                {
                    while (pos < end && u[pos] <= x)
                    {
                        pos++;
                    }
                }
                else
                {
                    pos = UpperBound(u, pos, end, x);
                }
            }
            ref var st = ref stats[pos];
            if (pos > 0 && u[pos - 1] == x)
            {
                st.Equal++;
                if (slots is not null)
                {
                    slots[i] = 2 * pos - 1;
                }
                continue;
            }
            st.Gap++;
            st.Offset += pos == 0 ? x - lo : x - u[pos - 1];
            if (slots is not null)
            {
                slots[i] = 2 * pos;
            }
            if (pos == 0 && x < min)
            {
                min = x;
            }
            else if (pos == m && x > max)
            {
                max = x;
            }
            if (c.Unseen is not null)
            {
                TrackUnseen(c, x);
            }
        }
        for (var k = 0; k <= m; k++)
        {
            c.Gap[k] = stats[k].Gap;
            c.GapOffset[k] = stats[k].Offset;
            if (k > 0)
            {
                c.Equal[k - 1] = stats[k].Equal;
            }
        }
        c.Missing = missing;
        c.Count = values.Length - missing;
        c.Min = min;
        c.Max = max;
        return c;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TrackUnseen(NumericCounts c, double x)
    {
        c.UnseenTotal++;
        if (c.UnseenOverflow)
        {
            return;
        }
        ref var n = ref CollectionsMarshal.GetValueRefOrAddDefault(c.Unseen!, x, out var existed);
        n++;
        if (!existed && c.Unseen!.Count >= NumericCounts.MaxTrackedUnseen)
        {
            c.UnseenOverflow = true;
        }
    }

    private struct PositionStats
    {
        public double Offset;
        public int Gap;
        public int Equal;
    }

    /// <summary>First index in u[lo..hi) whose value is above x (u sorted).</summary>
    internal static int UpperBound(double[] u, int lo, int hi, double x)
    {
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (u[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>Counts categories through the reference's dictionary; unseen ones go to a capped dictionary.</summary>
    public static CategoricalCounts Count(CategoricalReferenceColumn reference, string?[] values)
    {
        var c = new CategoricalCounts { Counts = new int[reference.DistinctCount], Unseen = new Dictionary<string, int>(StringComparer.Ordinal) };
        var index = reference.Index;
        var missing = 0;
        foreach (var s in values)
        {
            if (s is null)
            {
                missing++;
            }
            else if (index.TryGetValue(s, out var k))
            {
                c.Counts[k]++;
            }
            else
            {
                c.UnseenTotal++;
                if (c.Unseen.TryGetValue(s, out var n))
                {
                    c.Unseen[s] = n + 1;
                }
                else if (c.Unseen.Count < NumericCounts.MaxTrackedUnseen)
                {
                    c.Unseen[s] = 1;
                }
                else
                {
                    c.UnseenOverflow = true;
                }
            }
        }
        c.Missing = missing;
        c.Count = values.Length - missing;
        return c;
    }
}
