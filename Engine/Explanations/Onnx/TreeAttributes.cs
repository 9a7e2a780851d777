using LeadScoring.Engine.Training.Onnx.Proto;
using static LeadScoring.Engine.Explanations.OnnxTreeEnsembleReader;
using AttributeType = LeadScoring.Engine.Training.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace LeadScoring.Engine.Explanations;

/// <summary>
/// The attributes of a TreeEnsembleRegressor/Classifier node, type-checked against a whitelist, and the trees they
/// describe, built with ONNX Runtime's rules (tree_ensemble_common.h): a tree's root is the first node listed for its
/// tree id, children are looked up by (tree id, node id), weights on a non-leaf are ignored, and a leaf without a
/// weight makes the model unloadable.
/// </summary>
internal sealed class TreeAttributes
{
    private static readonly Dictionary<string, AttributeType> s_common = new(StringComparer.Ordinal)
    {
        ["base_values"] = AttributeType.Floats,
        ["nodes_falsenodeids"] = AttributeType.Ints,
        ["nodes_featureids"] = AttributeType.Ints,
        ["nodes_hitrates"] = AttributeType.Floats, // not used for inference by ONNX Runtime
        ["nodes_missing_value_tracks_true"] = AttributeType.Ints,
        ["nodes_modes"] = AttributeType.Strings,
        ["nodes_nodeids"] = AttributeType.Ints,
        ["nodes_treeids"] = AttributeType.Ints,
        ["nodes_truenodeids"] = AttributeType.Ints,
        ["nodes_values"] = AttributeType.Floats,
        ["post_transform"] = AttributeType.String,
    };

    public static readonly IReadOnlyDictionary<string, AttributeType> RegressorNames = With(new()
    {
        ["aggregate_function"] = AttributeType.String,
        ["n_targets"] = AttributeType.Int,
        ["target_ids"] = AttributeType.Ints,
        ["target_nodeids"] = AttributeType.Ints,
        ["target_treeids"] = AttributeType.Ints,
        ["target_weights"] = AttributeType.Floats,
    });

    public static readonly IReadOnlyDictionary<string, AttributeType> ClassifierNames = With(new()
    {
        ["class_ids"] = AttributeType.Ints,
        ["class_nodeids"] = AttributeType.Ints,
        ["class_treeids"] = AttributeType.Ints,
        ["class_weights"] = AttributeType.Floats,
        ["classlabels_int64s"] = AttributeType.Ints,
        ["classlabels_strings"] = AttributeType.Strings,
    });

    private readonly Dictionary<string, AttributeProto> _byName;

    private TreeAttributes(Dictionary<string, AttributeProto> byName) => _byName = byName;

    public static TreeAttributes Read(NodeProto node, IReadOnlyDictionary<string, AttributeType> allowed)
    {
        var byName = new Dictionary<string, AttributeProto>(StringComparer.Ordinal);
        foreach (var attribute in node.Attribute)
        {
            if (!allowed.TryGetValue(attribute.Name, out var type))
            {
                throw Refuse($"the {node.OpType} attribute '{attribute.Name}' is not supported" +
                    (attribute.Name.EndsWith("_as_tensor", StringComparison.Ordinal) ? " (double-precision trees)." : "."));
            }
            if (attribute.Type != type)
            {
                throw Refuse($"the {node.OpType} attribute '{attribute.Name}' has type {attribute.Type}, not {type}.");
            }
            if (!byName.TryAdd(attribute.Name, attribute))
            {
                throw Refuse($"the {node.OpType} attribute '{attribute.Name}' appears twice.");
            }
        }
        return new TreeAttributes(byName);
    }

    public long Int(string name) => _byName.TryGetValue(name, out var a) ? a.I : 0;

    public string String(string name, string fallback) =>
        _byName.TryGetValue(name, out var a) ? a.S.ToStringUtf8() : fallback;

    public long[] Ints(string name) => _byName.TryGetValue(name, out var a) ? [.. a.Ints] : [];

    public float[] Floats(string name) => _byName.TryGetValue(name, out var a) ? [.. a.Floats] : [];

    public string[] Strings(string name) =>
        _byName.TryGetValue(name, out var a) ? [.. a.Strings.Select(s => s.ToStringUtf8())] : [];

    /// <summary>
    /// The trees' nodes (root first, leaf values = the sum of the leaf's weights) from the nodes_* attributes and the
    /// weights under <paramref name="weightPrefix"/> ("target_" or "class_"); every weight must be for output 0.
    /// </summary>
    public static List<TreeNode[]> Structure(TreeAttributes a, string weightPrefix, int featureCount,
        bool singleWeightPerLeaf)
    {
        var treeIds = a.Ints("nodes_treeids");
        var nodeIds = a.Ints("nodes_nodeids");
        var featureIds = a.Ints("nodes_featureids");
        var modes = a.Strings("nodes_modes");
        var values = a.Floats("nodes_values");
        var trueIds = a.Ints("nodes_truenodeids");
        var falseIds = a.Ints("nodes_falsenodeids");
        var missing = a.Ints("nodes_missing_value_tracks_true");
        var n = treeIds.Length;
        if (n == 0)
        {
            throw Refuse("the ensemble has no nodes.");
        }
        if (new[] { nodeIds.Length, featureIds.Length, modes.Length, values.Length, trueIds.Length, falseIds.Length }
            .Any(length => length != n) || missing.Length > n)
        {
            throw Refuse("the nodes_* attributes have different lengths.");
        }

        // Trees in order of first appearance; ONNX Runtime takes a new root whenever the tree id changes.
        var treeIndex = new Dictionary<long, int>();
        var local = new Dictionary<(long Tree, long Node), (int Tree, int Index)>();
        var members = new List<List<int>>();
        for (var i = 0; i < n; i++)
        {
            if (i == 0 || treeIds[i] != treeIds[i - 1])
            {
                if (!treeIndex.TryAdd(treeIds[i], members.Count))
                {
                    throw Refuse($"the nodes of tree {treeIds[i]} are not listed together.");
                }
                members.Add([]);
            }
            var t = treeIndex[treeIds[i]];
            if (!local.TryAdd((treeIds[i], nodeIds[i]), (t, members[t].Count)))
            {
                throw Refuse($"node {nodeIds[i]} of tree {treeIds[i]} is listed twice.");
            }
            members[t].Add(i);
        }

        var leafValue = LeafValues(a, weightPrefix, local, singleWeightPerLeaf);
        var result = new List<TreeNode[]>(members.Count);
        for (var t = 0; t < members.Count; t++)
        {
            var nodes = new TreeNode[members[t].Count];
            for (var k = 0; k < nodes.Length; k++)
            {
                var i = members[t][k];
                var mode = Mode(modes[i], treeIds[i], nodeIds[i]);
                if (mode is null)
                {
                    nodes[k] = TreeNode.Leaf(leafValue.TryGetValue((t, k), out var v)
                        ? v
                        : throw Refuse($"leaf {nodeIds[i]} of tree {treeIds[i]} has no weight."));
                    continue;
                }
                if (featureIds[i] < 0 || featureIds[i] >= featureCount)
                {
                    throw Refuse($"node {nodeIds[i]} of tree {treeIds[i]} reads feature {featureIds[i]} of a " +
                        $"{featureCount}-feature input.");
                }
                nodes[k] = TreeNode.Split((int)featureIds[i], values[i], mode.Value, i < missing.Length && missing[i] == 1,
                    Child(local, treeIds[i], nodeIds[i], trueIds[i]), Child(local, treeIds[i], nodeIds[i], falseIds[i]));
            }
            result.Add(nodes);
        }
        return result;
    }

    private static Dictionary<(int Tree, int Index), double> LeafValues(TreeAttributes a, string prefix,
        Dictionary<(long Tree, long Node), (int Tree, int Index)> local, bool singleWeightPerLeaf)
    {
        var ids = a.Ints(prefix + "ids");
        var nodeIds = a.Ints(prefix + "nodeids");
        var treeIds = a.Ints(prefix + "treeids");
        var weights = a.Floats(prefix + "weights");
        if (ids.Length != nodeIds.Length || ids.Length != treeIds.Length || ids.Length != weights.Length)
        {
            throw Refuse($"the {prefix}* attributes have different lengths.");
        }
        var result = new Dictionary<(int Tree, int Index), double>();
        for (var w = 0; w < ids.Length; w++)
        {
            if (ids[w] != 0)
            {
                throw Refuse($"a weight is for output {ids[w]}; one output is supported.");
            }
            if (!local.TryGetValue((treeIds[w], nodeIds[w]), out var node))
            {
                throw Refuse($"a weight names node {nodeIds[w]} of tree {treeIds[w]}, which does not exist.");
            }
            if (!float.IsFinite(weights[w]))
            {
                throw Refuse($"the weight of node {nodeIds[w]} of tree {treeIds[w]} is {weights[w]}.");
            }
            // Weights on split nodes stay in the dictionary but are never read, as ONNX Runtime ignores them.
            if (!result.TryAdd(node, weights[w]))
            {
                if (singleWeightPerLeaf)
                {
                    // With one target ONNX Runtime reads only a leaf's first weight (value_or_unique_weight), where
                    // the ONNX spec sums them: refuse rather than pick one reading.
                    throw Refuse($"node {nodeIds[w]} of tree {treeIds[w]} has several weights for the one target.");
                }
                result[node] += weights[w];
            }
        }
        return result;
    }

    private static int Child(Dictionary<(long Tree, long Node), (int Tree, int Index)> local, long tree, long node,
        long child)
    {
        if (child == node)
        {
            throw Refuse($"node {node} of tree {tree} points to itself.");
        }
        return local.TryGetValue((tree, child), out var target)
            ? target.Index
            : throw Refuse($"node {node} of tree {tree} points to node {child}, which is not in that tree.");
    }

    private static BranchMode? Mode(string mode, long tree, long node) => mode switch
    {
        "LEAF" => null,
        "BRANCH_LEQ" => BranchMode.Leq,
        "BRANCH_LT" => BranchMode.Lt,
        "BRANCH_GTE" => BranchMode.Gte,
        "BRANCH_GT" => BranchMode.Gt,
        "BRANCH_EQ" => BranchMode.Eq,
        "BRANCH_NEQ" => BranchMode.Neq,
        _ => throw Refuse($"node {node} of tree {tree} has the unknown mode '{mode}'."),
    };

    private static Dictionary<string, AttributeType> With(Dictionary<string, AttributeType> specific)
    {
        foreach (var (name, type) in s_common)
        {
            specific[name] = type;
        }
        return specific;
    }
}
