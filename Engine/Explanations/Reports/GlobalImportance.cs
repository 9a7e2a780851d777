namespace LeadScoring.Engine.Explanations;

/// <summary>A feature's or raw column's importance over a set of rows.</summary>
/// <param name="Name">Feature or raw column name.</param>
/// <param name="MeanAbsPhi">Mean over rows of |φ| (for a column, of |Σ members' φ|), in margin units.</param>
/// <param name="MeanPhi">Mean over rows of φ (signed).</param>
public sealed record ImportanceEntry(string Name, double MeanAbsPhi, double MeanPhi);

/// <summary>Global importance: mean |φ| per model feature and per raw column, each sorted by decreasing mean |φ|.</summary>
public sealed class GlobalImportance
{
    private GlobalImportance(int rows, IReadOnlyList<ImportanceEntry> features, IReadOnlyList<ImportanceEntry> rawColumns)
    {
        RowCount = rows;
        Features = features;
        RawColumns = rawColumns;
    }

    /// <summary>Rows the means are over.</summary>
    public int RowCount { get; }

    /// <summary>Per model feature, by decreasing mean |φ| (ties by name).</summary>
    public IReadOnlyList<ImportanceEntry> Features { get; }

    /// <summary>Per raw column, by decreasing mean |φ| (ties by name).</summary>
    public IReadOnlyList<ImportanceEntry> RawColumns { get; }

    /// <summary>Computes the importances of a batch of explanations.</summary>
    public static GlobalImportance Compute(ExplanationBatch batch, FeatureGrouping grouping)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(grouping);
        if (batch.FeatureCount != grouping.FeatureNames.Count)
        {
            throw new ArgumentException($"{batch.FeatureCount} features explained but {grouping.FeatureNames.Count} grouped.");
        }
        var groups = grouping.GroupNames.Count;
        var abs = new double[batch.FeatureCount];
        var signed = new double[batch.FeatureCount];
        var groupAbs = new double[groups];
        var groupSigned = new double[groups];
        for (var r = 0; r < batch.Count; r++)
        {
            var phi = batch.PhiOf(r);
            for (var j = 0; j < phi.Length; j++)
            {
                abs[j] += Math.Abs(phi[j]);
                signed[j] += phi[j];
            }
            var sums = grouping.Sum(phi);
            for (var g = 0; g < groups; g++)
            {
                groupAbs[g] += Math.Abs(sums[g]);
                groupSigned[g] += sums[g];
            }
        }
        var n = Math.Max(1, batch.Count);
        return new GlobalImportance(batch.Count,
            Sorted(grouping.FeatureNames, abs, signed, n),
            Sorted(grouping.GroupNames, groupAbs, groupSigned, n));
    }

    private static ImportanceEntry[] Sorted(IReadOnlyList<string> names, double[] abs, double[] signed, int n) =>
        [.. names.Select((name, i) => new ImportanceEntry(name, abs[i] / n, signed[i] / n))
            .OrderByDescending(e => e.MeanAbsPhi).ThenBy(e => e.Name, StringComparer.Ordinal)];
}
