using System.Buffers;
using LeadScoring.Engine.Statistics;

namespace LeadScoring.Engine.Drift;

/// <summary>
/// The current side of a numeric column as the evaluator needs it: raw values (one counting pass) or merged
/// <see cref="NumericTally"/> counts (no rows read). Both give the same counts; only offset sums differ in summation order.
/// </summary>
internal abstract class NumericCurrent : IDisposable
{
    public abstract int Length { get; }

    public abstract int MissingCount { get; }

    public abstract bool IsInteger { get; }

    public abstract NumericCounts Count(NumericReferenceColumn r, bool trackUnseen, bool forWasserstein);

    public abstract double Wasserstein(NumericReferenceColumn r, NumericCounts c);

    /// <summary>Current counts per bin of <paramref name="edges"/> and the count outside them (missing values left out).</summary>
    public abstract (double[] Counts, long Outside) BinCounts(double[] edges);

    public virtual void Dispose()
    {
    }
}

/// <summary>Raw values: the single counting pass, with per-row slots kept when Wasserstein will need them.</summary>
internal sealed class RawNumericCurrent(NumericDriftColumn column) : NumericCurrent
{
    private int[]? _slots;

    public override int Length => column.Length;

    public override int MissingCount => column.Values.Count(v => !double.IsFinite(v));

    public override bool IsInteger => column.IsInteger;

    public override NumericCounts Count(NumericReferenceColumn r, bool trackUnseen, bool forWasserstein)
    {
        _slots = forWasserstein ? ArrayPool<int>.Shared.Rent(column.Length) : null;
        return ColumnCounting.Count(r, column.Values, _slots, trackUnseen);
    }

    public override double Wasserstein(NumericReferenceColumn r, NumericCounts c) => NumericDriftMath.Wasserstein(r, c, column.Values, _slots);

    public override (double[] Counts, long Outside) BinCounts(double[] edges) => (NumericDriftMath.BinCounts(column.Values, edges, out var outside), outside);

    public override void Dispose()
    {
        if (_slots is not null)
        {
            ArrayPool<int>.Shared.Return(_slots);
            _slots = null;
        }
    }
}

/// <summary>Merged counts: grid values weighted by their counts plus the exact off-grid values.</summary>
internal sealed class CountedNumericCurrent(NumericReferenceColumn reference, NumericTally tally) : NumericCurrent
{
    public override int Length => checked((int)(tally.Count + tally.Missing));

    public override int MissingCount => checked((int)tally.Missing);

    // pandas int64: integral values and no missing value (as NumericDriftColumn detects it from raw values).
    public override bool IsInteger
    {
        get
        {
            if (tally.Missing != 0 || tally.Count == 0 || tally.Overflow)
            {
                return false;
            }
            var u = reference.DistinctArray;
            for (var k = 0; k < u.Length; k++)
            {
                if (tally.Equal[k] != 0 && u[k] != Math.Floor(u[k]))
                {
                    return false;
                }
            }
            return tally.OffGrid.Keys.All(x => x == Math.Floor(x));
        }
    }

    public override NumericCounts Count(NumericReferenceColumn r, bool trackUnseen, bool forWasserstein) => tally.ToCounts(r, trackUnseen);

    public override double Wasserstein(NumericReferenceColumn r, NumericCounts c) =>
        NumericDriftMath.Wasserstein(r, c, crossing => NumericDriftMath.CountedCrossingGaps(r, c, k => tally.SortedGapValues(r, k), crossing));

    public override (double[] Counts, long Outside) BinCounts(double[] edges)
    {
        var counts = new double[edges.Length - 1];
        long outside = 0;
        void Add(double x, long n)
        {
            var b = HistogramBinning.BinIndex(edges, x);
            if (b < 0)
            {
                outside += n;
            }
            else
            {
                counts[b] += n;
            }
        }
        var u = reference.DistinctArray;
        for (var k = 0; k < u.Length; k++)
        {
            if (tally.Equal[k] != 0)
            {
                Add(u[k], tally.Equal[k]);
            }
        }
        foreach (var (x, n) in tally.OffGrid)
        {
            Add(x, n);
        }
        return (counts, outside);
    }
}
