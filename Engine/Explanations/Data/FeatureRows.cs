using LeadScoring.Engine.Scoring;

namespace LeadScoring.Engine.Explanations;

/// <summary>Rows of model features as one row-major matrix of doubles (<see cref="Count"/> × <see cref="FeatureCount"/>).</summary>
public sealed class FeatureRows
{
    /// <summary>Wraps a row-major matrix (not copied).</summary>
    public FeatureRows(double[] values, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if (values.Length % featureCount != 0)
        {
            throw new ArgumentException(
                $"{values.Length} values are not a whole number of {featureCount}-feature rows.", nameof(values));
        }
        Values = values;
        FeatureCount = featureCount;
    }

    /// <summary>The row-major values.</summary>
    public double[] Values { get; }

    /// <summary>Features per row.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Values.Length / FeatureCount;

    /// <summary>One row.</summary>
    public ReadOnlySpan<double> Row(int index) => Values.AsSpan(index * FeatureCount, FeatureCount);

    /// <summary>The rows of a processed-feature table.</summary>
    public static FeatureRows From(ProcessedFeatureTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new FeatureRows(table.Features, table.FeatureColumns.Count);
    }

    /// <summary>A new matrix of the given rows, in the given order.</summary>
    public FeatureRows Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var values = new double[rows.Count * FeatureCount];
        for (var r = 0; r < rows.Count; r++)
        {
            Row(rows[r]).CopyTo(values.AsSpan(r * FeatureCount, FeatureCount));
        }
        return new FeatureRows(values, FeatureCount);
    }
}

/// <summary>
/// Draws the fixed background set of a model version: a simple random sample without replacement (partial
/// Fisher–Yates with <see cref="Random"/> seeded, so the same rows and seed give the same sample on every run),
/// returned in the rows' original order. Fewer rows than asked: all rows.
/// </summary>
public static class BackgroundSample
{
    /// <summary>Background rows per model version.</summary>
    public const int DefaultSize = 200;

    /// <summary>Seed used unless another is given.</summary>
    public const int DefaultSeed = 20_260_301;

    /// <summary>The indices of the sampled rows, ascending.</summary>
    public static int[] DrawIndices(int rowCount, int size, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var order = Enumerable.Range(0, rowCount).ToArray();
        var take = Math.Min(size, rowCount);
        var random = new Random(seed);
        for (var i = 0; i < take; i++)
        {
            var j = random.Next(i, rowCount);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var chosen = order[..take];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>Up to <paramref name="size"/> rows drawn with <paramref name="seed"/>.</summary>
    public static FeatureRows Draw(FeatureRows rows, int size = DefaultSize, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(DrawIndices(rows.Count, size, seed));
    }
}
