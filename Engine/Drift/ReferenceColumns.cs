namespace LeadScoring.Engine.Drift;

/// <summary>Precomputed reference side of one column (built once per model version by <see cref="DriftReference.Build"/>).</summary>
public abstract class ReferenceColumn
{
    private protected ReferenceColumn(string name, int rowCount, int missingCount, double nannyMlThreshold)
    {
        Name = name;
        RowCount = rowCount;
        MissingCount = missingCount;
        NannyMlThreshold = nannyMlThreshold;
    }

    /// <summary>Column name.</summary>
    public string Name { get; }

    /// <summary>Rows, missing included.</summary>
    public int RowCount { get; }

    /// <summary>Missing values (NaN, ±∞ or null).</summary>
    public int MissingCount { get; }

    /// <summary>Non-missing values: the reference size that selects Evidently's regime.</summary>
    public int Count => RowCount - MissingCount;

    /// <summary>Number of distinct non-missing values.</summary>
    public abstract int DistinctCount { get; }

    /// <summary>NannyML-style alert line: mean + 3σ of the base-2 JS of 10 reference chunks (NaN when not computable).</summary>
    public double NannyMlThreshold { get; }
}

/// <summary>Reference side of a numeric column: sorted distinct values with counts, and a bucket table into them.</summary>
public sealed class NumericReferenceColumn : ReferenceColumn
{
    // Built lazily once; table and scale are published together so concurrent runs never see a mix.
    private BucketIndex? _bucket;

    internal NumericReferenceColumn(string name, int rowCount, int missingCount, bool isInteger, double[] distinct, int[] counts,
        double[] doaneEdges, double[] doaneShares, double nannyMlThreshold)
        : base(name, rowCount, missingCount, nannyMlThreshold)
    {
        IsInteger = isInteger;
        Distinct = distinct;
        Counts = counts;
        DoaneEdges = doaneEdges;
        DoaneShares = doaneShares;
        Cumulative = new long[counts.Length];
        long run = 0;
        double mean = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            run += counts[i];
            Cumulative[i] = run;
            mean += counts[i] * distinct[i];
        }
        mean = run == 0 ? double.NaN : mean / run;
        var ss = 0.0;
        for (var i = 0; i < counts.Length; i++)
        {
            ss += counts[i] * (distinct[i] - mean) * (distinct[i] - mean);
        }
        PopulationStd = run == 0 ? double.NaN : Math.Sqrt(ss / run);
    }

    /// <summary>Whether the reference column had an integer type.</summary>
    public bool IsInteger { get; }

    /// <summary>Sorted distinct values.</summary>
    public IReadOnlyList<double> Distinct { get; }

    /// <summary>Occurrences of each distinct value.</summary>
    public IReadOnlyList<int> Counts { get; }

    /// <inheritdoc/>
    public override int DistinctCount => Counts.Count;

    /// <summary>Population standard deviation (numpy std, ddof 0) of the non-missing values.</summary>
    public double PopulationStd { get; }

    internal long[] Cumulative { get; }

    internal double[] DistinctArray => (double[])Distinct;

    internal double[] DoaneEdges { get; }

    internal double[] DoaneShares { get; }

    /// <summary>
    /// Bucket table over [min, max]: entry b is the number of distinct values whose bucket is below b, a lower bound of
    /// the position of any x in bucket b, so a lookup is one multiply plus a short scan (no sorting of current data).
    /// </summary>
    internal int[] BucketTable(out double scale)
    {
        var bucket = _bucket ??= BuildBucketIndex();
        scale = bucket.Scale;
        return bucket.Table;
    }

    private BucketIndex BuildBucketIndex()
    {
        var u = DistinctArray;
        var m = u.Length;
        var buckets = Math.Clamp(8 * m, 16, 1 << 17);
        var range = u[m - 1] - u[0];
        var s = range > 0 && double.IsFinite(buckets / range) ? buckets / range : 0.0;
        var table = new int[buckets + 1];
        var k = 0;
        for (var b = 0; b <= buckets; b++)
        {
            while (k < m && Bucket(u[k], u[0], s, buckets) < b)
            {
                k++;
            }
            table[b] = k;
        }
        return new BucketIndex(table, s);
    }

    private sealed record BucketIndex(int[] Table, double Scale);

    internal static int Bucket(double x, double lo, double scale, int buckets)
    {
        var b = (int)((x - lo) * scale);
        return b < buckets ? b : buckets - 1;
    }
}

/// <summary>Reference side of a categorical column: categories (ordinal order) with counts.</summary>
public sealed class CategoricalReferenceColumn : ReferenceColumn
{
    internal CategoricalReferenceColumn(string name, int rowCount, int missingCount, string[] categories, int[] counts, double nannyMlThreshold)
        : base(name, rowCount, missingCount, nannyMlThreshold)
    {
        Categories = categories;
        Counts = counts;
        Index = new Dictionary<string, int>(categories.Length, StringComparer.Ordinal);
        for (var i = 0; i < categories.Length; i++)
        {
            Index[categories[i]] = i;
        }
    }

    /// <summary>Categories in ordinal order.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Occurrences of each category.</summary>
    public IReadOnlyList<int> Counts { get; }

    /// <inheritdoc/>
    public override int DistinctCount => Counts.Count;

    internal Dictionary<string, int> Index { get; }
}
