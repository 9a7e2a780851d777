using System.Runtime.CompilerServices;
using LeadScoring.Engine.Features;

namespace LeadScoring.Engine.Drift;

/// <summary>
/// Collects the drift columns of many feature rows (a streamed upload, a stored time window) row by row, compactly:
/// each numeric column keeps its distinct values once and a 2-byte code per row (plain doubles only for a column with
/// more than 65,535 distinct values), each one-hot group a 1-byte code — about 50 bytes a row instead of ~230 — and
/// the drift run loads one column at a time (<see cref="IDriftColumnSource"/>), so a million rows cost ~50 MB, not
/// ~230 MB. Gives the same columns as <see cref="LeadDriftData.FromFeatures"/>: numeric features stay numeric, each
/// one-hot group becomes one categorical column (the member set to 1, the baseline when none is, missing when any
/// member is NaN). Values are kept bit for bit.
/// </summary>
public sealed class LeadDriftColumnsBuilder : IDriftColumnSource
{
    private const int SegmentRows = 1 << 16;
    private const byte MissingCategory = byte.MaxValue;

    private readonly int _capacity;
    private readonly int[] _numericIndex;          // feature index of each numeric column
    private readonly NumericStore[] _numeric;
    private readonly List<byte[]>[] _categorical;  // per group: member position + 1, 0 = baseline, 255 = missing
    private readonly Drift.OneHotGroup[] _groups;
    private readonly DriftColumnSlot[] _order;     // output order, as LeadDriftData.FromFeatures emits it
    private readonly Dictionary<string, DriftColumnSlot> _byName = new(StringComparer.Ordinal);

    // Columns handed to a drift run come back here (Release) and are refilled for the next one: a run over a million
    // rows reuses two or three column arrays instead of allocating 28 of 8 MB each.
    private readonly System.Collections.Concurrent.ConcurrentBag<double[]> _freeNumeric = [];
    private readonly System.Collections.Concurrent.ConcurrentBag<string?[]> _freeCategorical = [];

    /// <summary>Takes at most <paramref name="capacity"/> rows.</summary>
    public LeadDriftColumnsBuilder(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _groups = [.. LeadDriftData.Groups];
        if (_groups.Any(g => g.Members.Count >= MissingCategory))
        {
            throw new InvalidOperationException("A one-hot group has too many levels for a 1-byte code.");
        }
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
                    _byName[_groups[g].Name] = order[^1];
                }
                continue;
            }
            order.Add(new DriftColumnSlot(true, numeric.Count));
            _byName[FeatureSchema.Names[c]] = order[^1];
            numeric.Add(c);
        }
        _numericIndex = [.. numeric];
        _order = [.. order];
        _numeric = [.. _numericIndex.Select(_ => new NumericStore())];
        _categorical = [.. _groups.Select(_ => new List<byte[]>())];
    }

    /// <summary>A builder that takes any number of rows.</summary>
    public LeadDriftColumnsBuilder()
        : this(int.MaxValue)
    {
    }

    /// <summary>Rows added so far.</summary>
    public int Count { get; private set; }

    /// <inheritdoc/>
    public int RowCount => Count;

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
        var at = Count % SegmentRows;
        if (at == 0)
        {
            foreach (var column in _categorical)
            {
                column.Add(new byte[SegmentRows]);
            }
        }
        for (var i = 0; i < _numericIndex.Length; i++)
        {
            _numeric[i].Add(features[_numericIndex[i]], Count);
        }
        for (var g = 0; g < _groups.Length; g++)
        {
            byte code = 0;
            var members = _groups[g].Members;
            for (var k = 0; k < members.Count; k++)
            {
                var x = features[members[k].ColumnIndex];
                if (double.IsNaN(x))
                {
                    code = MissingCategory;
                    break;
                }
                if (x == 1.0)
                {
                    code = (byte)(k + 1);
                }
            }
            _categorical[g][^1][at] = code;
        }
        Count++;
        return true;
    }

    /// <inheritdoc/>
    public DriftColumn? Load(string name) => _byName.TryGetValue(name, out var slot) ? Column(slot) : null;

    /// <inheritdoc/>
    public void Release(DriftColumn column)
    {
        switch (column)
        {
            case NumericDriftColumn n when n.Values.Length == Count:
                _freeNumeric.Add(n.Values);
                break;
            case CategoricalDriftColumn c when c.Values.Length == Count:
                _freeCategorical.Add(c.Values);
                break;
        }
    }

    /// <summary>Every column at once, as a dataset (prefer passing the builder itself to the drift run: it loads one column at a time).</summary>
    public DriftDataset Build() => new([.. _order.Select(Column)]);

    private DriftColumn Column(DriftColumnSlot slot)
    {
        if (slot.IsNumeric)
        {
            var buffer = _freeNumeric.TryTake(out var free) ? free : new double[Count];
            return new NumericDriftColumn(FeatureSchema.Names[_numericIndex[slot.Index]], _numeric[slot.Index].Values(Count, buffer));
        }
        var group = _groups[slot.Index];
        var values = _freeCategorical.TryTake(out var reused) ? reused : new string?[Count];
        var segments = _categorical[slot.Index];
        for (var i = 0; i < Count; i++)
        {
            var code = segments[i / SegmentRows][i % SegmentRows];
            values[i] = code switch
            {
                0 => group.BaselineValue,
                MissingCategory => null,
                _ => group.Members[code - 1].Value,
            };
        }
        return new CategoricalDriftColumn(group.Name, values);
    }

    private readonly record struct DriftColumnSlot(bool IsNumeric, int Index);

    /// <summary>One numeric column: distinct values and 2-byte codes, or plain doubles once there are too many distinct values.</summary>
    private sealed class NumericStore
    {
        private readonly Dictionary<long, ushort> _codeOf = [];
        private readonly List<double> _distinct = [];
        private readonly List<ushort[]> _codes = [];
        private List<double[]>? _plain;
        private long _lastBits = long.MinValue;
        private ushort _lastCode;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(double value, int row)
        {
            var at = row % SegmentRows;
            if (_plain is not null)
            {
                if (at == 0)
                {
                    _plain.Add(new double[SegmentRows]);
                }
                _plain[^1][at] = value;
                return;
            }
            if (at == 0)
            {
                _codes.Add(new ushort[SegmentRows]);
            }
            var bits = BitConverter.DoubleToInt64Bits(value);
            if (bits != _lastBits)
            {
                if (!_codeOf.TryGetValue(bits, out _lastCode))
                {
                    if (_distinct.Count > ushort.MaxValue)
                    {
                        ToPlain(row);
                        Add(value, row);
                        return;
                    }
                    _lastCode = (ushort)_distinct.Count;
                    _codeOf[bits] = _lastCode;
                    _distinct.Add(value);
                }
                _lastBits = bits;
            }
            _codes[^1][at] = _lastCode;
        }

        public double[] Values(int count, double[]? into = null)
        {
            var values = into ?? new double[count];
            if (_plain is not null)
            {
                for (var s = 0; s < _plain.Count; s++)
                {
                    var n = Math.Min(SegmentRows, count - s * SegmentRows);
                    Array.Copy(_plain[s], 0, values, s * SegmentRows, n);
                }
                return values;
            }
            for (var i = 0; i < count; i++)
            {
                values[i] = _distinct[_codes[i / SegmentRows][i % SegmentRows]];
            }
            return values;
        }

        // Too many distinct values for 2-byte codes: keep this column as plain doubles from now on.
        private void ToPlain(int rows)
        {
            var decoded = Values(rows);
            _plain = [];
            for (var s = 0; s * SegmentRows < rows; s++)
            {
                var segment = new double[SegmentRows];
                var n = Math.Min(SegmentRows, rows - s * SegmentRows);
                Array.Copy(decoded, s * SegmentRows, segment, 0, n);
                _plain.Add(segment);
            }
            _codes.Clear();
            _codeOf.Clear();
            _distinct.Clear();
        }
    }
}
