using System.Buffers;

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
