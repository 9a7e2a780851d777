using LeadScoring.Engine.Features;

namespace LeadScoring.Engine.Drift;

/// <summary>
/// Builds the drift dataset of stored predictions row by row, straight into per-column arrays, so a time window is
/// never held twice (no row-major matrix beside the columns). Gives the same columns as
/// <see cref="LeadDriftData.FromFeatures"/>: numeric features stay numeric, each one-hot group becomes one categorical
/// column (the member set to 1, the baseline when none is, missing when any member is NaN).
/// </summary>
public sealed class LeadDriftColumnsBuilder
{
    private readonly int _capacity;
    private readonly int[] _numericIndex;          // feature index of each numeric column
    private readonly double[][] _numeric;
    private readonly string?[][] _categorical;
    private readonly Drift.OneHotGroup[] _groups;
    private readonly DriftColumnSlot[] _order;     // output order, as LeadDriftData.FromFeatures emits it

    /// <summary>Prepares room for at most <paramref name="capacity"/> rows.</summary>
    public LeadDriftColumnsBuilder(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
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
        _numeric = [.. _numericIndex.Select(_ => new double[capacity])];
        _categorical = [.. _groups.Select(_ => new string?[capacity])];
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
        for (var i = 0; i < _numericIndex.Length; i++)
        {
            _numeric[i][Count] = features[_numericIndex[i]];
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
            _categorical[g][Count] = value;
        }
        Count++;
        return true;
    }

    /// <summary>The dataset of the rows added (arrays are trimmed when fewer rows came than planned).</summary>
    public DriftDataset Build()
    {
        var columns = new List<DriftColumn>(_order.Length);
        foreach (var slot in _order)
        {
            if (slot.IsNumeric)
            {
                var values = Count == _capacity ? _numeric[slot.Index] : _numeric[slot.Index][..Count];
                columns.Add(new NumericDriftColumn(FeatureSchema.Names[_numericIndex[slot.Index]], values));
            }
            else
            {
                var values = Count == _capacity ? _categorical[slot.Index] : _categorical[slot.Index][..Count];
                columns.Add(new CategoricalDriftColumn(_groups[slot.Index].Name, values));
            }
        }
        return new DriftDataset(columns);
    }

    private readonly record struct DriftColumnSlot(bool IsNumeric, int Index);
}
