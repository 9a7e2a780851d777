namespace LeadScoring.Engine.Explanations;

/// <summary>
/// One node of a <see cref="DecisionTree"/>: a split (feature, float32 threshold, mode, NaN routing, children as
/// indices into the tree's node list) or a leaf carrying its contribution to the margin.
/// </summary>
/// <param name="IsLeaf">True for a leaf.</param>
/// <param name="Feature">Split feature index (−1 for a leaf).</param>
/// <param name="Threshold">Split threshold, compared in float32 as ONNX Runtime does.</param>
/// <param name="Mode">Comparison of the split.</param>
/// <param name="MissingGoesTrue">NaN goes to the true child (nodes_missing_value_tracks_true = 1).</param>
/// <param name="TrueChild">Index of the child taken when the comparison holds.</param>
/// <param name="FalseChild">Index of the child taken otherwise.</param>
/// <param name="Value">Leaf value in margin (log-odds) space; 0 for a split.</param>
public readonly record struct TreeNode(
    bool IsLeaf, int Feature, float Threshold, BranchMode Mode, bool MissingGoesTrue, int TrueChild, int FalseChild,
    double Value)
{
    /// <summary>A split node.</summary>
    public static TreeNode Split(int feature, float threshold, BranchMode mode, bool missingGoesTrue, int trueChild,
        int falseChild) => new(false, feature, threshold, mode, missingGoesTrue, trueChild, falseChild, 0);

    /// <summary>A leaf adding <paramref name="value"/> to the margin.</summary>
    public static TreeNode Leaf(double value) => new(true, -1, 0, BranchMode.Leq, false, -1, -1, value);
}

/// <summary>A decision tree: its nodes, the root first (index 0). Children are indices into <see cref="Nodes"/>.</summary>
public sealed class DecisionTree
{
    /// <summary>Wraps a node list; structure is checked by <see cref="TreeEnsemble"/>.</summary>
    public DecisionTree(IReadOnlyList<TreeNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0)
        {
            throw new ArgumentException("A tree needs at least one node.", nameof(nodes));
        }
        Nodes = [.. nodes];
    }

    /// <summary>The nodes; index 0 is the root.</summary>
    public IReadOnlyList<TreeNode> Nodes { get; }
}
