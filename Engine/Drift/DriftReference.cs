using LeadScoring.Engine.Statistics;

namespace LeadScoring.Engine.Drift;

/// <summary>
/// The reference side of drift tests, precomputed once per model version: per column the sorted distinct values
/// with counts (numeric) or category counts (categorical), plus NannyML-style chunk thresholds and optional
/// reference scores for prediction drift. A drift run then touches only the current batch. Save it with
/// <see cref="DriftReferenceSerializer"/>.
/// </summary>
public sealed class DriftReference
{
    /// <summary>Number of reference chunks for the NannyML-style thresholds.</summary>
    public const int NannyMlChunks = 10;

    internal DriftReference(IReadOnlyList<ReferenceColumn> columns, int rowCount, NumericReferenceColumn? scores)
    {
        Columns = columns;
        RowCount = rowCount;
        Scores = scores;
    }

    /// <summary>Reference columns in order.</summary>
    public IReadOnlyList<ReferenceColumn> Columns { get; }

    /// <summary>Reference rows.</summary>
    public int RowCount { get; }

    /// <summary>Reference model scores for prediction drift, when given to <see cref="Build"/>.</summary>
    public NumericReferenceColumn? Scores { get; }

    /// <summary>Precomputes the reference side of every column (and of the scores, if given).</summary>
    /// <param name="reference">Reference data.</param>
    /// <param name="referenceScores">Model scores on the reference rows (optional).</param>
    public static DriftReference Build(DriftDataset reference, IReadOnlyList<double>? referenceScores = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var columns = new ReferenceColumn[reference.Columns.Count];
        Parallel.For(0, columns.Length, i => columns[i] = BuildColumn(reference.Columns[i]));
        var scores = referenceScores is null ? null : BuildNumeric(new NumericDriftColumn("score", referenceScores.ToArray(), false), withChunks: false);
        return new DriftReference(columns, reference.RowCount, scores);
    }

    /// <summary>The reference column with this name, or null.</summary>
    public ReferenceColumn? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    private static ReferenceColumn BuildColumn(DriftColumn column) => column switch
    {
        NumericDriftColumn n => BuildNumeric(n, withChunks: true),
        CategoricalDriftColumn c => BuildCategorical(c),
        _ => throw new NotSupportedException(column.GetType().Name),
    };

    internal static NumericReferenceColumn BuildNumeric(NumericDriftColumn column, bool withChunks)
    {
        var clean = column.Values.Where(double.IsFinite).ToArray();
        Array.Sort(clean);
        var distinct = new List<double>();
        var counts = new List<int>();
        foreach (var x in clean)
        {
            if (distinct.Count > 0 && distinct[^1] == x)
            {
                counts[^1]++;
            }
            else
            {
                distinct.Add(x);
                counts.Add(1);
            }
        }
        double[] edges = [], shares = [];
        var threshold = double.NaN;
        if (clean.Length > 0)
        {
            edges = HistogramBinning.DoaneEdges(clean);
            shares = NannyMlShares(clean, edges);
        }
        var partial = new NumericReferenceColumn(column.Name, column.Length, column.Length - clean.Length, column.IsInteger,
            [.. distinct], [.. counts], edges, shares, double.NaN);
        if (withChunks && clean.Length > 0 && column.Length >= NannyMlChunks)
        {
            threshold = ChunkThreshold(column.Length, (from, to) =>
            {
                var chunk = column.Values[from..to];
                return NannyMl.NumericDistance(partial, chunk);
            });
        }
        return double.IsNaN(threshold)
            ? partial
            : new NumericReferenceColumn(column.Name, column.Length, column.Length - clean.Length, column.IsInteger,
                [.. distinct], [.. counts], edges, shares, threshold);
    }

    private static CategoricalReferenceColumn BuildCategorical(CategoricalDriftColumn column)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = 0;
        foreach (var s in column.Values)
        {
            if (s is null)
            {
                missing++;
                continue;
            }
            counts[s] = counts.GetValueOrDefault(s) + 1;
        }
        var categories = counts.Keys.Order(StringComparer.Ordinal).ToArray();
        var partial = new CategoricalReferenceColumn(column.Name, column.Length, missing, categories,
            categories.Select(k => counts[k]).ToArray(), double.NaN);
        if (categories.Length == 0 || column.Length < NannyMlChunks)
        {
            return partial;
        }
        var threshold = ChunkThreshold(column.Length, (from, to) => NannyMl.CategoricalDistance(partial, column.Values[from..to]));
        return new CategoricalReferenceColumn(column.Name, column.Length, missing, categories, partial.Counts.ToArray(), threshold);
    }

    /// <summary>NannyML's StandardDeviationThreshold: mean + 3 · population std of the metric over the reference chunks.</summary>
    private static double ChunkThreshold(int rows, Func<int, int, double> metric)
    {
        var size = (rows + NannyMlChunks - 1) / NannyMlChunks;
        var values = new List<double>();
        for (var from = 0; from < rows; from += size)
        {
            var v = metric(from, Math.Min(rows, from + size));
            if (!double.IsNaN(v))
            {
                values.Add(v);
            }
        }
        if (values.Count < 2)
        {
            return double.NaN;
        }
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
        return mean + 3 * std;
    }

    private static double[] NannyMlShares(double[] clean, double[] edges)
    {
        var counts = NumericDriftMath.BinCounts(clean, edges, out _);
        var shares = new double[counts.Length + 1];
        for (var i = 0; i < counts.Length; i++)
        {
            shares[i] = counts[i] / clean.Length;
        }
        return shares;
    }
}
