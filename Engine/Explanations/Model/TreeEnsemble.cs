namespace LeadScoring.Engine.Explanations;

/// <summary>Which ONNX graph a <see cref="TreeEnsemble"/> was read from, and so how its margin is defined.</summary>
public enum TreeEnsembleKind
{
    /// <summary>Built in code (tests, fixtures); the margin is the tree sum plus the offset.</summary>
    Custom,

    /// <summary>
    /// TreeEnsembleRegressor (post_transform NONE) followed by Mul/Add by constants and Sigmoid, as our trainer exports:
    /// margin = scale·(base_values + Σ leaf weights) + shift, the Sigmoid's input.
    /// </summary>
    RegressorAffineSigmoid,

    /// <summary>
    /// Binary TreeEnsembleClassifier (post_transform LOGISTIC, every weight on class 0), as onnxmltools writes XGBoost:
    /// margin = base_values[0] + Σ leaf weights, and P(class 1) = σ(margin).
    /// </summary>
    BinaryLogisticClassifier,
}

/// <summary>
/// A sum of decision trees in margin (log-odds) space: f(x) = <see cref="MarginOffset"/> + Σ_trees leaf value, with
/// score = σ(f(x)). Rows are given as doubles and converted once to float32, as ONNX Runtime compares in float32.
/// Immutable and thread-safe.
/// </summary>
public sealed class TreeEnsemble
{
    // Flattened nodes of all trees; a leaf has feature −1.
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly BranchMode[] _mode;
    private readonly bool[] _missingTrue;
    private readonly int[] _trueChild;
    private readonly int[] _falseChild;
    private readonly double[] _value;
    private readonly int[] _roots;

    /// <summary>Checks and flattens the trees; throws <see cref="ArgumentException"/> for a broken structure.</summary>
    public TreeEnsemble(int featureCount, IReadOnlyList<DecisionTree> trees, double marginOffset,
        TreeEnsembleKind kind = TreeEnsembleKind.Custom, string? marginDescription = null)
    {
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        FeatureCount = featureCount;
        Trees = [.. trees];
        MarginOffset = marginOffset;
        Kind = kind;
        MarginDescription = marginDescription ?? "margin = offset + Σ leaf values";
        var total = trees.Sum(t => t.Nodes.Count);
        _feature = new int[total];
        _threshold = new float[total];
        _mode = new BranchMode[total];
        _missingTrue = new bool[total];
        _trueChild = new int[total];
        _falseChild = new int[total];
        _value = new double[total];
        _roots = new int[trees.Count];
        var used = new bool[featureCount];
        var offset = 0;
        for (var t = 0; t < trees.Count; t++)
        {
            var nodes = trees[t].Nodes;
            _roots[t] = offset;
            for (var i = 0; i < nodes.Count; i++)
            {
                var node = nodes[i];
                var g = offset + i;
                if (node.IsLeaf)
                {
                    if (!double.IsFinite(node.Value))
                    {
                        throw new ArgumentException($"Tree {t} leaf {i} has the value {node.Value}.", nameof(trees));
                    }
                    _feature[g] = -1;
                    _value[g] = node.Value;
                    continue;
                }
                if ((uint)node.Feature >= (uint)featureCount)
                {
                    throw new ArgumentException(
                        $"Tree {t} node {i} splits on feature {node.Feature} of a {featureCount}-feature model.", nameof(trees));
                }
                if ((uint)node.TrueChild >= (uint)nodes.Count || (uint)node.FalseChild >= (uint)nodes.Count)
                {
                    throw new ArgumentException($"Tree {t} node {i} has a child outside the tree.", nameof(trees));
                }
                used[node.Feature] = true;
                _feature[g] = node.Feature;
                _threshold[g] = node.Threshold;
                _mode[g] = node.Mode;
                _missingTrue[g] = node.MissingGoesTrue;
                _trueChild[g] = offset + node.TrueChild;
                _falseChild[g] = offset + node.FalseChild;
            }
            CheckAcyclic(t, nodes);
            offset += nodes.Count;
        }
        SplitFeatures = [.. Enumerable.Range(0, featureCount).Where(f => used[f])];
    }

    /// <summary>Number of input features (the model's input width).</summary>
    public int FeatureCount { get; }

    /// <summary>The trees, leaf values in margin space.</summary>
    public IReadOnlyList<DecisionTree> Trees { get; }

    /// <summary>The constant part of the margin (base values and the affine shift folded together).</summary>
    public double MarginOffset { get; }

    /// <summary>The graph this ensemble came from.</summary>
    public TreeEnsembleKind Kind { get; }

    /// <summary>How the margin relates to the ONNX graph, for display and logs.</summary>
    public string MarginDescription { get; }

    /// <summary>The features some split uses, ascending; every other feature cannot change the margin.</summary>
    public IReadOnlyList<int> SplitFeatures { get; }

    /// <summary>Total node count over all trees.</summary>
    internal int NodeCount => _feature.Length;

    internal ReadOnlySpan<int> Roots => _roots;

    /// <summary>The logistic function σ(m) = 1 / (1 + e^(−m)).</summary>
    public static double Sigmoid(double margin) =>
        margin >= 0 ? 1.0 / (1.0 + Math.Exp(-margin)) : Math.Exp(margin) / (1.0 + Math.Exp(margin));

    /// <summary>The margin f(x) of one row of doubles (each converted once to float32).</summary>
    public double Margin(ReadOnlySpan<double> row)
    {
        CheckWidth(row.Length);
        Span<float> x = row.Length <= 256 ? stackalloc float[row.Length] : new float[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            x[i] = (float)row[i];
        }
        return MarginOf(x);
    }

    /// <summary>The margin f(x) of one float32 row.</summary>
    public double Margin(ReadOnlySpan<float> row)
    {
        CheckWidth(row.Length);
        return MarginOf(row);
    }

    /// <summary>The score σ(f(x)) of one row.</summary>
    public double Score(ReadOnlySpan<double> row) => Sigmoid(Margin(row));

    internal double MarginOf(ReadOnlySpan<float> x)
    {
        var sum = MarginOffset;
        foreach (var root in _roots)
        {
            sum += _value[LeafOf(root, x)];
        }
        return sum;
    }

    internal int LeafOf(int node, ReadOnlySpan<float> x)
    {
        while (_feature[node] >= 0)
        {
            node = GoesTrue(node, x[_feature[node]]) ? _trueChild[node] : _falseChild[node];
        }
        return node;
    }

    internal bool IsLeaf(int node) => _feature[node] < 0;

    internal int FeatureOf(int node) => _feature[node];

    internal double ValueOf(int node) => _value[node];

    internal float ThresholdOf(int node) => _threshold[node];

    internal BranchMode ModeOf(int node) => _mode[node];

    internal bool MissingGoesTrueOf(int node) => _missingTrue[node];

    internal int TrueChildOf(int node) => _trueChild[node];

    internal int FalseChildOf(int node) => _falseChild[node];

    internal bool GoesTrue(int node, float x) =>
        BranchDecision.GoesTrue(_mode[node], x, _threshold[node], _missingTrue[node]);

    private void CheckWidth(int length)
    {
        if (length != FeatureCount)
        {
            throw new ArgumentException($"A row has {length} values; the model takes {FeatureCount} features.");
        }
    }

    private static void CheckAcyclic(int tree, IReadOnlyList<TreeNode> nodes)
    {
        // 0 unseen, 1 on the current path, 2 done: a node met again while on the path closes a cycle.
        var state = new byte[nodes.Count];
        var stack = new Stack<(int Node, bool Exit)>();
        stack.Push((0, false));
        while (stack.Count > 0)
        {
            var (node, exit) = stack.Pop();
            if (exit)
            {
                state[node] = 2;
                continue;
            }
            if (state[node] == 1)
            {
                throw new ArgumentException($"Tree {tree} has a cycle through node {node}.", nameof(nodes));
            }
            if (state[node] == 2 || nodes[node].IsLeaf)
            {
                continue;
            }
            state[node] = 1;
            stack.Push((node, true));
            stack.Push((nodes[node].TrueChild, false));
            stack.Push((nodes[node].FalseChild, false));
        }
    }
}
