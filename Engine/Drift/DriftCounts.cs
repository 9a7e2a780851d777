using System.Buffers;
using System.Runtime.InteropServices;

namespace LeadScoring.Engine.Drift;

/// <summary>
/// Mergeable counts of current rows against one <see cref="DriftReference"/>: per numeric column the count at each
/// reference distinct value, the gap counts and offset sums, the missing count and the exact values that fall off
/// the reference grid (value → count, capped when written); per categorical column the count of each reference
/// category, missing and unseen categories. Drift of any set of rows can then be computed from the sum of their counts
/// (<see cref="DriftDetector.RunFromCounts"/>) without reading them: KS exactly, Wasserstein, PSI and JS up to the
/// order of summation. Counts are signed, so deleted rows are taken out with sign −1.
/// </summary>
public sealed class DriftCounts
{
    internal DriftCounts(ColumnTally[] columns, NumericTally? scores)
    {
        Columns = columns;
        Scores = scores;
    }

    /// <summary>Rows counted (deleted rows subtracted).</summary>
    public long Rows { get; internal set; }

    internal ColumnTally[] Columns { get; }

    internal NumericTally? Scores { get; }

    /// <summary>True when a numeric feature column kept too many off-grid values, so its drift cannot be exact from counts.</summary>
    public bool FeatureOverflow => Columns.OfType<NumericTally>().Any(t => t.Overflow) || Columns.OfType<CategoricalTally>().Any(t => t.Overflow);

    /// <summary>Empty counts on the grid of <paramref name="reference"/> (scores included when the reference has them).</summary>
    public static DriftCounts Empty(DriftReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var columns = reference.Columns.Select(c => c switch
        {
            NumericReferenceColumn n => (ColumnTally)new NumericTally(n.DistinctCount),
            CategoricalReferenceColumn k => new CategoricalTally(k.DistinctCount),
            _ => throw new NotSupportedException(c.GetType().Name),
        }).ToArray();
        return new DriftCounts(columns, reference.Scores is { } s ? new NumericTally(s.DistinctCount) : null);
    }

    /// <summary>
    /// Adds (<paramref name="sign"/> +1) or subtracts (−1) the rows of <paramref name="rows"/> and their scores. Each
    /// numeric column keeps at most <paramref name="maxOffGridValues"/> distinct off-grid values; beyond that it keeps
    /// only counts and sums and is marked overflowed.
    /// </summary>
    public void Add(DriftReference reference, IDriftColumnSource rows, IReadOnlyList<double>? scores, int sign, int maxOffGridValues)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(rows);
        if (sign is not (1 or -1))
        {
            throw new ArgumentOutOfRangeException(nameof(sign), sign, "Sign is +1 or -1.");
        }
        for (var i = 0; i < Columns.Length; i++)
        {
            var column = rows.Load(reference.Columns[i].Name);
            switch (reference.Columns[i], column, Columns[i])
            {
                case (NumericReferenceColumn r, NumericDriftColumn c, NumericTally t):
                    t.Add(r, c.Values, sign, maxOffGridValues);
                    break;
                case (CategoricalReferenceColumn r, CategoricalDriftColumn c, CategoricalTally t):
                    t.Add(r, c.Values, sign, maxOffGridValues);
                    break;
                case (_, null, _):
                    break;
                default:
                    throw new ArgumentException($"Column '{reference.Columns[i].Name}' has a different type than in the reference.", nameof(rows));
            }
            if (column is not null)
            {
                rows.Release(column);
            }
        }
        if (Scores is not null && reference.Scores is not null && scores is not null)
        {
            Scores.Add(reference.Scores, scores as double[] ?? [.. scores], sign, maxOffGridValues);
        }
        Rows += sign * rows.RowCount;
    }

    /// <summary>Adds <paramref name="other"/> (counts on the same reference) into these counts.</summary>
    public void Merge(DriftCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Columns.Length != Columns.Length || (other.Scores is null) != (Scores is null))
        {
            throw new ArgumentException("The counts were made on a different reference.", nameof(other));
        }
        for (var i = 0; i < Columns.Length; i++)
        {
            Columns[i].Merge(other.Columns[i]);
        }
        Scores?.Merge(other.Scores!);
        Rows += other.Rows;
    }

    /// <summary>Compact binary form (sparse: only non-zero counts).</summary>
    public byte[] Serialize() => DriftCountsSerializer.Serialize(this);

    /// <summary>Reads counts written by <see cref="Serialize"/> for the same reference.</summary>
    /// <exception cref="FormatException">The bytes do not match the reference's grid.</exception>
    public static DriftCounts Deserialize(ReadOnlySpan<byte> bytes, DriftReference reference) => DriftCountsSerializer.Deserialize(bytes, reference);

    /// <summary>
    /// Score gaps whose drift needs the exact scores inside them (Wasserstein where the ECDFs cross, the outer gaps
    /// for the minimum and maximum) because the off-grid scores were not all kept. Read the scores in each
    /// (<c>Lower</c>, <c>Upper</c>) open interval and hand them to <see cref="SupplyScores"/>.
    /// </summary>
    public IReadOnlyList<(int Gap, double Lower, double Upper)> ScoreGapsNeedingValues(DriftReference reference)
    {
        if (Scores is null || reference.Scores is null || !Scores.Overflow || Scores.Count <= 0)
        {
            return [];
        }
        var r = reference.Scores;
        var u = r.DistinctArray;
        var needed = new SortedSet<int>();
        var c = Scores.ToCounts(r, trackUnseen: false);
        NumericDriftMath.Wasserstein(r, c, crossing => { needed.UnionWith(crossing); return 0; });
        if (c.Gap[0] > 0)
        {
            needed.Add(0);
        }
        if (c.Gap[u.Length] > 0)
        {
            needed.Add(u.Length);
        }
        return [.. needed.Select(k => (k, k == 0 ? double.NegativeInfinity : u[k - 1], k == u.Length ? double.PositiveInfinity : u[k]))];
    }

    /// <summary>The exact scores inside one gap named by <see cref="ScoreGapsNeedingValues"/>.</summary>
    public void SupplyScores(int gap, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (Scores is null)
        {
            throw new InvalidOperationException("These counts have no scores.");
        }
        Scores.Supplied[gap] = values;
    }
}

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

    internal static int UpperBound(double[] u, double x)
    {
        int lo = 0, hi = u.Length;
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
