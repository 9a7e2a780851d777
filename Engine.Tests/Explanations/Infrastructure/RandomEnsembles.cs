using LeadScoring.Engine.Explanations;

namespace LeadScoring.Engine.Tests.Explanations.Infrastructure;

/// <summary>A node of a test ensemble: a split, or a leaf with one or more weights (summed).</summary>
public sealed record SpecNode(bool IsLeaf, int Feature, float Threshold, BranchMode Mode, bool MissingTrue,
    int TrueChild, int FalseChild, float[] Weights);

/// <summary>A test ensemble as plain data, written to ONNX by <see cref="OnnxFixtures"/> or built directly.</summary>
public sealed record EnsembleSpec(int FeatureCount, IReadOnlyList<IReadOnlyList<SpecNode>> Trees)
{
    /// <summary>The ensemble with leaf value = Σ weights · scale and the given offset.</summary>
    public TreeEnsemble ToEnsemble(double offset = 0, double scale = 1) =>
        new(FeatureCount,
            [.. Trees.Select(t => new DecisionTree([.. t.Select(n => n.IsLeaf
                ? TreeNode.Leaf(scale * n.Weights.Sum(w => (double)w))
                : TreeNode.Split(n.Feature, n.Threshold, n.Mode, n.MissingTrue, n.TrueChild, n.FalseChild))]))],
            offset);
}

/// <summary>Random ensembles and rows that exercise every branch mode, NaN routing and repeated path features.</summary>
public static class RandomEnsembles
{
    /// <summary>Thresholds and row values share this grid, so x = threshold happens often.</summary>
    public static readonly float[] Grid = [-1f, -0.5f, 0f, 0.25f, 0.5f, 1f, 2f];

    private static readonly BranchMode[] s_modes = Enum.GetValues<BranchMode>();

    /// <summary>
    /// A random ensemble. Splits draw their feature from the first <paramref name="splitFeatures"/> features (so paths
    /// repeat features), their mode from <paramref name="modes"/> (all six by default) and NaN routing at random.
    /// </summary>
    public static EnsembleSpec Create(Random random, int featureCount, int trees, int maxDepth, int splitFeatures,
        BranchMode[]? modes = null, bool randomMissing = true, int maxWeights = 2)
    {
        modes ??= s_modes;
        var result = new List<IReadOnlyList<SpecNode>>();
        for (var t = 0; t < trees; t++)
        {
            var nodes = new List<SpecNode?>();
            Build(0);
            result.Add([.. nodes.Select(n => n!)]);

            int Build(int depth)
            {
                var index = nodes.Count;
                nodes.Add(null);
                if (depth == maxDepth || (depth > 0 && random.NextDouble() < 0.25) || random.NextDouble() < 0.05)
                {
                    var weights = Enumerable.Range(0, random.Next(1, maxWeights + 1))
                        .Select(_ => (float)Math.Round(random.NextDouble() * 2 - 1, 3)).ToArray();
                    nodes[index] = new SpecNode(true, -1, 0, BranchMode.Leq, false, -1, -1, weights);
                    return index;
                }
                var feature = random.Next(Math.Min(splitFeatures, featureCount));
                var threshold = Grid[random.Next(Grid.Length)];
                var mode = modes[random.Next(modes.Length)];
                var missing = randomMissing && random.Next(2) == 1;
                var trueChild = Build(depth + 1);
                var falseChild = Build(depth + 1);
                nodes[index] = new SpecNode(false, feature, threshold, mode, missing, trueChild, falseChild, []);
                return index;
            }
        }
        return new EnsembleSpec(featureCount, result);
    }

    /// <summary>Random rows on the grid, NaN with probability <paramref name="nanShare"/>.</summary>
    public static double[] Rows(Random random, int count, int featureCount, double nanShare) =>
        [.. Enumerable.Range(0, count * featureCount).Select(_ => random.NextDouble() < nanShare
            ? double.NaN
            : random.NextDouble() < 0.8 ? Grid[random.Next(Grid.Length)] : Math.Round(random.NextDouble() * 4 - 1.5, 2))];
}
