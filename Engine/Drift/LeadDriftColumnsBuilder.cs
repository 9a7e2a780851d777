using LeadScoring.Engine.Features;

namespace LeadScoring.Engine.Drift;

/// <summary>
/// Builds the drift dataset of stored predictions row by row, straight into per-column arrays, so a time window is
/// never held twice (no row-major matrix beside the columns). Gives the same columns as
/// <see cref="LeadDriftData.FromFeatures"/>: numeric features stay numeric, each one-hot group becomes one categorical
/// column (the member set to 1, the baseline when none is, missing when any member is NaN). Without a capacity it
/// grows in segments (a streamed upload does not know its row count), and <see cref="Build"/> joins them column by
/// column, releasing each column's segments as it goes, so the rows are held about once.
/// </summary>
public sealed class LeadDriftColumnsBuilder
{
    private const int SegmentRows = 1 << 16;

    private readonly int _capacity;
    private readonly int[] _numericIndex;          // feature index of each numeric column
    private readonly List<double[]>[] _numeric;    // per column, segments of SegmentRows (or one of the capacity)
    private readonly List<string?[]>[] _categorical;
    private readonly int _segmentRows;
    private readonly Drift.OneHotGroup[] _groups;
    private readonly DriftColumnSlot[] _order;     // output order, as LeadDriftData.FromFeatures emits it

    /// <summary>Prepares room for at most <paramref name="capacity"/> rows.</summary>
    public LeadDriftColumnsBuilder(int capacity)
        : this(capacity, capacity)
    {
    }

    /// <summary>A builder that takes any number of rows, growing as they come.</summary>
    public LeadDriftColumnsBuilder()
        : this(int.MaxValue, SegmentRows)
    {
    }

    private LeadDriftColumnsBuilder(int capacity, int segmentRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _segmentRows = Math.Max(1, segmentRows);
        _groups = [.. LeadDriftData.Groups];
        var grouped = new Dictionary<int, int>();
        for (var g = 0; g < _groups.Length; g++)
        {
            foreach (var m in _groups[g].Members)
            {
                grouped[m.ColumnIndex] = g;
            }
        }
        var numeric = new List<int>();
        var order = new List<DriftColumnSlot>();
        var emitted = new HashSet<int>();
        for (var c = 0; c < FeatureSchema.Count; c++)
        {
            if (grouped.TryGetValue(c, out var g))
            {
                if (emitted.Add(g))
                {
                    order.Add(new DriftColumnSlot(false, g));
                }
                continue;
            }
            order.Add(new DriftColumnSlot(true, numeric.Count));
            numeric.Add(c);
        }
        _numericIndex = [.. numeric];
        _order = [.. order];
        _numeric = [.. _numericIndex.Select(_ => new List<double[]>())];
        _categorical = [.. _groups.Select(_ => new List<string?[]>())];
    }

    /// <summary>Rows added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Adds one row of the 47 features; false when the builder is full.</summary>
    public bool Add(ReadOnlySpan<double> features)
    {
        if (features.Length != FeatureSchema.Count)
        {
            throw new ArgumentException($"A row has {features.Length} features, expected {FeatureSchema.Count}.", nameof(features));
        }
        if (Count == _capacity)
        {
            return false;
        }
        var at = Count % _segmentRows;
        if (at == 0)
        {
            foreach (var column in _numeric)
            {
                column.Add(new double[_segmentRows]);
            }
            foreach (var column in _categorical)
            {
                column.Add(new string?[_segmentRows]);
            }
        }
        for (var i = 0; i < _numericIndex.Length; i++)
        {
            _numeric[i][^1][at] = features[_numericIndex[i]];
        }
        for (var g = 0; g < _groups.Length; g++)
        {
            string? value = _groups[g].BaselineValue;
            foreach (var m in _groups[g].Members)
            {
                var x = features[m.ColumnIndex];
                if (double.IsNaN(x))
                {
                    value = null;
                    break;
                }
                if (x == 1.0)
                {
                    value = m.Value;
                }
            }
            _categorical[g][^1][at] = value;
        }
        Count++;
        return true;
    }

    /// <summary>The dataset of the rows added. Call it once: the builder's segments become the columns.</summary>
    public DriftDataset Build()
    {
        var columns = new List<DriftColumn>(_order.Length);
        foreach (var slot in _order)
        {
            columns.Add(slot.IsNumeric
                ? new NumericDriftColumn(FeatureSchema.Names[_numericIndex[slot.Index]], Join(_numeric[slot.Index]))
                : new CategoricalDriftColumn(_groups[slot.Index].Name, Join(_categorical[slot.Index])));
        }
        return new DriftDataset(columns);
    }

    // One array of exactly Count values; the segments are dropped as they are copied.
    private T[] Join<T>(List<T[]> segments)
    {
        if (segments.Count == 1 && segments[0].Length == Count)
        {
            var only = segments[0];
            segments.Clear();
            return only;
        }
        var values = new T[Count];
        var filled = 0;
        for (var s = 0; s < segments.Count; s++)
        {
            var n = Math.Min(segments[s].Length, Count - filled);
            Array.Copy(segments[s], 0, values, filled, n);
            filled += n;
            segments[s] = [];
        }
        segments.Clear();
        return values;
    }

    private readonly record struct DriftColumnSlot(bool IsNumeric, int Index);
}
