using System.Buffers;
using System.Runtime.InteropServices;

namespace LeadScoring.Engine.Drift;

/// <summary>Counts of one column.</summary>
internal abstract class ColumnTally
{
    public long Missing { get; set; }

    public bool Overflow { get; set; }

    public abstract long Count { get; }

    public abstract void Merge(ColumnTally other);

    protected static void MergeMap<TKey>(Dictionary<TKey, long> into, Dictionary<TKey, long> from)
        where TKey : notnull
    {
        foreach (var (key, n) in from)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(into, key, out _);
            slot += n;
            if (slot == 0)
            {
                into.Remove(key);
            }
        }
    }
}

/// <summary>A numeric column: counts at and between the reference's distinct values, and the exact off-grid values.</summary>
internal sealed class NumericTally(int distinct) : ColumnTally
{
    public long[] Equal { get; } = new long[distinct];
    public long[] Gap { get; } = new long[distinct + 1];
    public double[] GapOffset { get; } = new double[distinct + 1];
    public Dictionary<double, long> OffGrid { get; } = [];

    /// <summary>Exact values of gaps read from the rows when <see cref="ColumnTally.Overflow"/> dropped them (scores only).</summary>
    public Dictionary<int, double[]> Supplied { get; } = [];

    public override long Count => Equal.Sum() + Gap.Sum();

    public void Add(NumericReferenceColumn r, double[] values, int sign, int maxOffGrid)
    {
        var slots = ArrayPool<int>.Shared.Rent(values.Length);
        try
        {
            var c = ColumnCounting.Count(r, values, slots, trackUnseen: false);
            for (var k = 0; k < Equal.Length; k++)
            {
                Equal[k] += sign * c.Equal[k];
            }
            for (var k = 0; k < Gap.Length; k++)
            {
                Gap[k] += sign * c.Gap[k];
                GapOffset[k] += sign * c.GapOffset[k];
            }
            Missing += sign * c.Missing;
            if (Overflow)
            {
                return;
            }
            for (var i = 0; i < values.Length; i++)
            {
                if (slots[i] >= 0 && (slots[i] & 1) == 0)
                {
                    ref var n = ref CollectionsMarshal.GetValueRefOrAddDefault(OffGrid, values[i], out _);
                    n += sign;
                }
            }
            foreach (var zero in OffGrid.Where(kv => kv.Value == 0).Select(kv => kv.Key).ToList())
            {
                OffGrid.Remove(zero);
            }
            if (OffGrid.Count > maxOffGrid)
            {
                Overflow = true;
                OffGrid.Clear();
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(slots);
        }
    }

    public override void Merge(ColumnTally other)
    {
        var o = (NumericTally)other;
        for (var k = 0; k < Equal.Length; k++)
        {
            Equal[k] += o.Equal[k];
        }
        for (var k = 0; k < Gap.Length; k++)
        {
            Gap[k] += o.Gap[k];
            GapOffset[k] += o.GapOffset[k];
        }
        Missing += o.Missing;
        if (Overflow || o.Overflow)
        {
            Overflow = true;
            OffGrid.Clear();
            return;
        }
        MergeMap(OffGrid, o.OffGrid);
    }

    /// <summary>
    /// The engine's counts. Without overflow, gaps, offsets, extremes and unseen values come from the exact off-grid
    /// values; with it, from the kept sums (and the supplied gaps' values, for the extremes).
    /// </summary>
    public NumericCounts ToCounts(NumericReferenceColumn r, bool trackUnseen)
    {
        var u = r.DistinctArray;
        var m = u.Length;
        var c = new NumericCounts { Equal = new int[m], Gap = new int[m + 1], GapOffset = new double[m + 1] };
        for (var k = 0; k < m; k++)
        {
            c.Equal[k] = checked((int)Equal[k]);
        }
        if (Overflow)
        {
            for (var k = 0; k <= m; k++)
            {
                c.Gap[k] = checked((int)Gap[k]);
                c.GapOffset[k] = GapOffset[k];
            }
            if (Supplied.TryGetValue(0, out var below) && below.Length > 0)
            {
                c.Min = below.Min();
            }
            if (Supplied.TryGetValue(m, out var above) && above.Length > 0)
            {
                c.Max = above.Max();
            }
        }
        else
        {
            if (trackUnseen)
            {
                c.Unseen = [];
            }
            foreach (var (x, n) in OffGrid)
            {
                var pos = UpperBound(u, x);
                c.Gap[pos] += checked((int)n);
                c.GapOffset[pos] += n * (pos == 0 ? x - u[0] : x - u[pos - 1]);
                if (pos == 0)
                {
                    c.Min = Math.Min(c.Min, x);
                }
                else if (pos == m)
                {
                    c.Max = Math.Max(c.Max, x);
                }
                if (c.Unseen is not null)
                {
                    c.Unseen[x] = checked((int)n);
                    c.UnseenTotal += n;
                }
            }
            c.UnseenOverflow = c.Unseen is not null && c.Unseen.Count >= NumericCounts.MaxTrackedUnseen;
        }
        c.Missing = checked((int)Missing);
        c.Count = checked((int)(c.Equal.Sum(x => (long)x) + c.Gap.Sum(x => (long)x)));
        return c;
    }

    /// <summary>The current values of one gap in ascending order with their counts (exact values or supplied ones).</summary>
    public IEnumerable<(double Value, long Count)> SortedGapValues(NumericReferenceColumn r, int gap)
    {
        if (Supplied.TryGetValue(gap, out var supplied))
        {
            var copy = (double[])supplied.Clone();
            Array.Sort(copy);
            return copy.Select(x => (x, 1L));
        }
        var u = r.DistinctArray;
        return OffGrid.Where(kv => UpperBound(u, kv.Key) == gap).OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value));
    }

    internal static int UpperBound(double[] u, double x) => ColumnCounting.UpperBound(u, 0, u.Length, x);
}

/// <summary>A categorical column: counts per reference category, missing, and unseen categories (capped when written).</summary>
internal sealed class CategoricalTally(int distinct) : ColumnTally
{
    public long[] Counts { get; } = new long[distinct];
    public Dictionary<string, long> Unseen { get; } = new(StringComparer.Ordinal);

    public override long Count => Counts.Sum() + Unseen.Values.Sum();

    public void Add(CategoricalReferenceColumn r, string?[] values, int sign, int maxUnseen)
    {
        var c = ColumnCounting.Count(r, values);
        for (var k = 0; k < Counts.Length; k++)
        {
            Counts[k] += sign * c.Counts[k];
        }
        Missing += sign * c.Missing;
        if (c.UnseenOverflow || Overflow)
        {
            Overflow = true;
            Unseen.Clear();
            return;
        }
        MergeMap(Unseen, c.Unseen.ToDictionary(kv => kv.Key, kv => (long)sign * kv.Value, StringComparer.Ordinal));
        if (Unseen.Count > maxUnseen)
        {
            Overflow = true;
            Unseen.Clear();
        }
    }

    public override void Merge(ColumnTally other)
    {
        var o = (CategoricalTally)other;
        for (var k = 0; k < Counts.Length; k++)
        {
            Counts[k] += o.Counts[k];
        }
        Missing += o.Missing;
        if (Overflow || o.Overflow)
        {
            Overflow = true;
            Unseen.Clear();
            return;
        }
        MergeMap(Unseen, o.Unseen);
    }

    /// <summary>The engine's counts; unseen categories beyond the engine's cap are flagged as it flags them.</summary>
    public CategoricalCounts ToCounts()
    {
        var c = new CategoricalCounts { Counts = [.. Counts.Select(n => checked((int)n))], Unseen = new Dictionary<string, int>(StringComparer.Ordinal) };
        foreach (var (key, n) in Unseen)
        {
            c.Unseen[key] = checked((int)n);
            c.UnseenTotal += n;
        }
        c.UnseenOverflow = c.Unseen.Count > NumericCounts.MaxTrackedUnseen;
        c.Missing = checked((int)Missing);
        c.Count = checked((int)(Counts.Sum() + c.UnseenTotal));
        return c;
    }
}
