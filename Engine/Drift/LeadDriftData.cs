using LeadScoring.Engine.Features;

namespace LeadScoring.Engine.Drift;

/// <summary>Connects the lead schema to the drift engine: processed features with the one-hot groups reassembled.</summary>
public static class LeadDriftData
{
    /// <summary>The five one-hot groups of the 47-feature schema as drift categoricals (named after the raw field).</summary>
    public static IReadOnlyList<OneHotGroup> Groups { get; } =
    [
        .. FeatureSchema.OneHotGroups.Select(g => new OneHotGroup(g.RawColumn, g.Baseline,
            [.. g.Levels.Select(l => new OneHotMember(l.FeatureIndex, l.Value))])),
    ];

    /// <summary>A drift dataset from row-major 47-feature rows.</summary>
    public static DriftDataset FromFeatures(ReadOnlySpan<double> rowMajor) =>
        DriftDataset.FromFeatureMatrix(rowMajor, FeatureSchema.Names, Groups);
}
