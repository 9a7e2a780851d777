using LeadScoring.Engine.Features;

namespace LeadScoring.Engine.Explanations;

/// <summary>
/// A partition of the model features into groups (by default the raw lead columns they derive from). A group's
/// contribution is the sum of its members' φ, so group contributions still add up to f(x) − base exactly. (It is the
/// additive sum of the members' values, not the Shapley value of the group played as a single player.)
/// </summary>
public sealed class FeatureGrouping
{
    private readonly int[] _groupOf;
    private readonly int[][] _members;

    /// <summary>Groups features by the group name given for each (groups ordered by first appearance).</summary>
    public FeatureGrouping(IReadOnlyList<string> featureNames, IReadOnlyList<string> groupOfFeature)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(groupOfFeature);
        if (featureNames.Count != groupOfFeature.Count)
        {
            throw new ArgumentException($"{featureNames.Count} features but {groupOfFeature.Count} group names.");
        }
        var names = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        _groupOf = new int[featureNames.Count];
        for (var j = 0; j < featureNames.Count; j++)
        {
            if (!index.TryGetValue(groupOfFeature[j], out var g))
            {
                g = names.Count;
                index[groupOfFeature[j]] = g;
                names.Add(groupOfFeature[j]);
            }
            _groupOf[j] = g;
        }
        FeatureNames = [.. featureNames];
        GroupNames = [.. names];
        _members = [.. Enumerable.Range(0, names.Count).Select(g => Enumerable.Range(0, _groupOf.Length).Where(j => _groupOf[j] == g).ToArray())];
    }

    /// <summary>
    /// The 47 model features grouped into the 19 raw lead columns of Core's <see cref="FeatureSchema"/>: numerics and
    /// target encodings map to themselves, one-hot dummies to their categorical column, text-derived features to
    /// summary, skills and jobtitle.
    /// </summary>
    public static FeatureGrouping RawColumns { get; } =
        new([.. FeatureSchema.Features.Select(f => f.Name)], [.. FeatureSchema.Features.Select(f => f.RawColumn)]);

    /// <summary>The raw-column grouping for a model whose inputs are <paramref name="modelColumns"/> (its own order).</summary>
    public static FeatureGrouping RawColumnsFor(IReadOnlyList<string> modelColumns)
    {
        ArgumentNullException.ThrowIfNull(modelColumns);
        return new(modelColumns, [.. modelColumns.Select(c => FeatureSchema.IndexOf(c) is var i and >= 0
            ? FeatureSchema.Features[i].RawColumn
            : throw new ArgumentException($"'{c}' is not one of the 47 lead-scoring features.", nameof(modelColumns)))]);
    }

    /// <summary>Feature names in model order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Group names, in order of their first feature.</summary>
    public IReadOnlyList<string> GroupNames { get; }

    /// <summary>The group of a feature.</summary>
    public int GroupOf(int feature) => _groupOf[feature];

    /// <summary>The features of a group, in model order.</summary>
    public IReadOnlyList<int> Members(int group) => _members[group];

    /// <summary>Per-group sums of per-feature values.</summary>
    public double[] Sum(ReadOnlySpan<double> perFeature)
    {
        if (perFeature.Length != _groupOf.Length)
        {
            throw new ArgumentException($"{perFeature.Length} values for {_groupOf.Length} features.", nameof(perFeature));
        }
        var result = new double[GroupNames.Count];
        for (var j = 0; j < perFeature.Length; j++)
        {
            result[_groupOf[j]] += perFeature[j];
        }
        return result;
    }
}
