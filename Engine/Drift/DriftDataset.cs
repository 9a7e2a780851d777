using System.Globalization;

namespace LeadScoring.Engine.Drift;

/// <summary>One named column of a drift dataset.</summary>
public abstract class DriftColumn
{
    private protected DriftColumn(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>Column name (matched between reference and current data by ordinal comparison).</summary>
    public string Name { get; }

    /// <summary>Number of rows, missing values included.</summary>
    public abstract int Length { get; }
}

/// <summary>A numeric column; NaN and ±∞ are missing values (Evidently turns ±∞ into NaN and drops them).</summary>
public sealed class NumericDriftColumn : DriftColumn
{
    /// <summary>Creates a numeric column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">Values, not copied.</param>
    /// <param name="isInteger">
    /// Whether the column has an integer type (pandas int64: integral values and no missing value). Integer
    /// columns with at most 10 distinct current values are tested as categorical, as Evidently does. Null detects it
    /// from the values.
    /// </param>
    public NumericDriftColumn(string name, double[] values, bool? isInteger = null)
        : base(name)
    {
        Values = values ?? throw new ArgumentNullException(nameof(values));
        IsInteger = isInteger ?? DetectInteger(values);
    }

    /// <summary>The values (NaN = missing).</summary>
    public double[] Values { get; }

    /// <summary>True when the column has an integer type (see the constructor).</summary>
    public bool IsInteger { get; }

    /// <inheritdoc/>
    public override int Length => Values.Length;

    private static bool DetectInteger(double[] values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v) || v != Math.Floor(v))
            {
                return false;
            }
        }
        return values.Length > 0;
    }
}

/// <summary>A categorical column; null is a missing value.</summary>
public sealed class CategoricalDriftColumn : DriftColumn
{
    /// <summary>Creates a categorical column over the given values (not copied).</summary>
    public CategoricalDriftColumn(string name, string?[] values)
        : base(name)
    {
        Values = values ?? throw new ArgumentNullException(nameof(values));
    }

    /// <summary>The values (null = missing).</summary>
    public string?[] Values { get; }

    /// <inheritdoc/>
    public override int Length => Values.Length;
}

/// <summary>
/// The current data of a drift run, column by column. A run loads each column when its test starts and lets it go
/// when the test ends, so a source may keep its data compactly and materialise one column at a time.
/// </summary>
public interface IDriftColumnSource
{
    /// <summary>Number of rows.</summary>
    int RowCount { get; }

    /// <summary>The column with this name, or null when the source has none.</summary>
    DriftColumn? Load(string name);

    /// <summary>The run is done with a loaded column: its arrays may be reused for the next one.</summary>
    void Release(DriftColumn column);
}

/// <summary>Named columns of equal length: the input of <see cref="DriftReference.Build"/> and <c>DriftDetector.Run</c>.</summary>
public sealed class DriftDataset : IDriftColumnSource
{
    private readonly Dictionary<string, DriftColumn> _byName;

    /// <summary>Creates a dataset; names must be unique and lengths equal.</summary>
    public DriftDataset(IReadOnlyList<DriftColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = columns;
        _byName = new Dictionary<string, DriftColumn>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (!_byName.TryAdd(c.Name, c))
            {
                throw new ArgumentException($"Duplicate column name '{c.Name}'.", nameof(columns));
            }
            if (c.Length != columns[0].Length)
            {
                throw new ArgumentException($"Column '{c.Name}' has {c.Length} rows, expected {columns[0].Length}.", nameof(columns));
            }
        }
        RowCount = columns.Count == 0 ? 0 : columns[0].Length;
    }

    /// <summary>Columns in order.</summary>
    public IReadOnlyList<DriftColumn> Columns { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The column with this name, or null.</summary>
    public DriftColumn? Find(string name) => _byName.GetValueOrDefault(name);

    /// <inheritdoc/>
    public DriftColumn? Load(string name) => Find(name);

    /// <inheritdoc/>
    public void Release(DriftColumn column)
    {
        // The dataset keeps its columns.
    }

    /// <summary>
    /// Builds a dataset from a processed, row-major feature matrix. Columns listed in a one-hot group are
    /// reassembled into one categorical column named after the group (the member whose value is 1, or the group's
    /// baseline when all members are 0; NaN in any member makes the row missing). Other columns stay numeric.
    /// </summary>
    /// <param name="rowMajor">rows × columnNames.Count values.</param>
    /// <param name="columnNames">Names of the matrix columns, in order.</param>
    /// <param name="groups">One-hot groups (column indices refer to <paramref name="columnNames"/>).</param>
    public static DriftDataset FromFeatureMatrix(ReadOnlySpan<double> rowMajor, IReadOnlyList<string> columnNames, IReadOnlyList<OneHotGroup> groups)
    {
        var width = columnNames.Count;
        if (width == 0 || rowMajor.Length % width != 0)
        {
            throw new ArgumentException($"Matrix length {rowMajor.Length} is not a multiple of {width} columns.", nameof(rowMajor));
        }
        var rows = rowMajor.Length / width;
        var grouped = new HashSet<int>();
        foreach (var g in groups)
        {
            foreach (var m in g.Members)
            {
                if (m.ColumnIndex < 0 || m.ColumnIndex >= width || !grouped.Add(m.ColumnIndex))
                {
                    throw new ArgumentException($"One-hot group '{g.Name}': column index {m.ColumnIndex} is out of range or already grouped.", nameof(groups));
                }
            }
        }
        var columns = new List<DriftColumn>();
        var emitted = new HashSet<OneHotGroup>();
        for (var c = 0; c < width; c++)
        {
            if (!grouped.Contains(c))
            {
                var values = new double[rows];
                for (var r = 0; r < rows; r++)
                {
                    values[r] = rowMajor[r * width + c];
                }
                columns.Add(new NumericDriftColumn(columnNames[c], values));
                continue;
            }
            var group = groups.First(g => g.Members.Any(m => m.ColumnIndex == c));
            if (emitted.Add(group))
            {
                columns.Add(new CategoricalDriftColumn(group.Name, Reassemble(rowMajor, width, rows, group)));
            }
        }
        return new DriftDataset(columns);
    }

    private static string?[] Reassemble(ReadOnlySpan<double> rowMajor, int width, int rows, OneHotGroup group)
    {
        var values = new string?[rows];
        for (var r = 0; r < rows; r++)
        {
            string? value = group.BaselineValue;
            foreach (var m in group.Members)
            {
                var x = rowMajor[r * width + m.ColumnIndex];
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
            values[r] = value;
        }
        return values;
    }

    /// <summary>Formats a numeric category the way reports show it (invariant, shortest round-trip).</summary>
    internal static string FormatNumber(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
