using Google.Protobuf;
using LeadScoring.Engine.Explanations;
using LeadScoring.Engine.Training.Onnx.Proto;

namespace LeadScoring.Engine.Tests.Explanations.Infrastructure;

/// <summary>One step after the regressor: Mul or Add by a constant, the constant first or second.</summary>
public sealed record AffineStep(string Op, float Constant, bool ConstantFirst);

/// <summary>Writes test ensembles as ONNX graphs, the way the two supported producers lay them out.</summary>
internal static class OnnxFixtures
{
    public const string MlDomain = "ai.onnx.ml";

    /// <summary>
    /// TreeEnsembleRegressor → steps → Sigmoid → "probability" float [N, 1]. Node ids are shuffled (the root stays
    /// first in its tree, as ONNX Runtime takes the first node listed as the root) and tree ids are not 0..T−1.
    /// </summary>
    public static byte[] Regressor(EnsembleSpec spec, Random random, IReadOnlyList<AffineStep> steps,
        string aggregate = "SUM", float? baseValue = null, string postTransform = "NONE", bool shuffleWeights = true)
    {
        var graph = new GraphProto { Name = "regressor" };
        graph.Input.Add(Tensor("input", TensorProto.Types.DataType.Float, null, spec.FeatureCount));
        var tree = TreeNode("TreeEnsembleRegressor", spec, random, "target_", baseValue, ["raw"], shuffleWeights);
        tree.Attribute.Add(Attr("aggregate_function", aggregate));
        tree.Attribute.Add(Attr("n_targets", 1L));
        tree.Attribute.Add(Attr("post_transform", postTransform));
        graph.Node.Add(tree);
        var current = "raw";
        for (var i = 0; i < steps.Count; i++)
        {
            var constant = $"c{i}";
            graph.Initializer.Add(Scalar(constant, steps[i].Constant, rawData: i % 2 == 1));
            string[] inputs = steps[i].ConstantFirst ? [constant, current] : [current, constant];
            graph.Node.Add(Node(steps[i].Op, "", inputs, [$"v{i}"]));
            current = $"v{i}";
        }
        graph.Node.Add(Node("Sigmoid", "", [current], ["probability"]));
        graph.Output.Add(Tensor("probability", TensorProto.Types.DataType.Float, null, 1));
        return Model(graph, mlOpset: 3);
    }

    /// <summary>Binary TreeEnsembleClassifier (labels 0/1, weights on class 0, LOGISTIC) as onnxmltools writes XGBoost.</summary>
    public static byte[] Classifier(EnsembleSpec spec, Random random, float? baseValue, string postTransform = "LOGISTIC",
        long[]? labels = null)
    {
        var graph = new GraphProto { Name = "classifier" };
        graph.Input.Add(Tensor("input", TensorProto.Types.DataType.Float, null, spec.FeatureCount));
        var tree = TreeNode("TreeEnsembleClassifier", spec, random, "class_", baseValue, ["label", "probabilities"], true);
        tree.Attribute.Add(Attr("classlabels_int64s", labels ?? [0L, 1L]));
        tree.Attribute.Add(Attr("post_transform", postTransform));
        graph.Node.Add(tree);
        graph.Output.Add(Tensor("label", TensorProto.Types.DataType.Int64, (long?)null));
        graph.Output.Add(Tensor("probabilities", TensorProto.Types.DataType.Float, null, (labels ?? [0L, 1L]).Length));
        return Model(graph, mlOpset: 1);
    }

    public static ModelProto Parse(byte[] onnx) => ModelProto.Parser.ParseFrom(onnx);

    public static NodeProto Node(string op, string domain, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = op, Domain = domain, Name = op + "_" + outputs[0] };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    public static AttributeProto Attr(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Attr(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attr(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Attr(string name, IEnumerable<float> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        a.Floats.AddRange(values);
        return a;
    }

    public static AttributeProto Attr(string name, IEnumerable<string> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return a;
    }

    public static ValueInfoProto Tensor(string name, TensorProto.Types.DataType type, params long?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is { } d
                ? new TensorShapeProto.Types.Dimension { DimValue = d }
                : new TensorShapeProto.Types.Dimension { DimParam = "N" });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    public static TensorProto Scalar(string name, float value, bool rawData = false)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(1);
        if (rawData)
        {
            tensor.RawData = ByteString.CopyFrom(BitConverter.GetBytes(value));
        }
        else
        {
            tensor.FloatData.Add(value);
        }
        return tensor;
    }

    public static byte[] Model(GraphProto graph, long mlOpset)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "LeadScoring.Engine.Tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 15 });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = MlDomain, Version = mlOpset });
        return model.ToByteArray();
    }

    private static NodeProto TreeNode(string op, EnsembleSpec spec, Random random, string prefix, float? baseValue,
        string[] outputs, bool shuffleWeights)
    {
        List<long> treeIds = [], nodeIds = [], featureIds = [], trueIds = [], falseIds = [], missing = [];
        List<float> values = [];
        List<string> modes = [];
        var weights = new List<(long Tree, long Node, float Weight)>();
        for (var t = 0; t < spec.Trees.Count; t++)
        {
            var nodes = spec.Trees[t];
            var treeId = 3L * t + 1;
            var ids = Enumerable.Range(0, nodes.Count).OrderBy(_ => random.Next()).Select(i => (long)i).ToArray();
            var order = new[] { 0 }.Concat(Enumerable.Range(1, nodes.Count - 1).OrderBy(_ => random.Next()));
            foreach (var i in order)
            {
                var n = nodes[i];
                treeIds.Add(treeId);
                nodeIds.Add(ids[i]);
                featureIds.Add(n.IsLeaf ? 0 : n.Feature);
                values.Add(n.IsLeaf ? 0 : n.Threshold);
                modes.Add(n.IsLeaf ? "LEAF" : BranchDecision.OnnxName(n.Mode));
                trueIds.Add(n.IsLeaf ? 0 : ids[n.TrueChild]);
                falseIds.Add(n.IsLeaf ? 0 : ids[n.FalseChild]);
                missing.Add(n.MissingTrue ? 1 : 0);
                weights.AddRange(n.Weights.Select(w => (treeId, ids[i], w)));
            }
        }
        var shuffled = shuffleWeights ? weights.OrderBy(_ => random.Next()).ToList() : weights;
        var node = Node(op, MlDomain, ["input"], outputs);
        if (baseValue is { } b)
        {
            node.Attribute.Add(Attr("base_values", [b]));
        }
        node.Attribute.Add(Attr("nodes_treeids", treeIds));
        node.Attribute.Add(Attr("nodes_nodeids", nodeIds));
        node.Attribute.Add(Attr("nodes_featureids", featureIds));
        node.Attribute.Add(Attr("nodes_values", values));
        node.Attribute.Add(Attr("nodes_modes", modes));
        node.Attribute.Add(Attr("nodes_truenodeids", trueIds));
        node.Attribute.Add(Attr("nodes_falsenodeids", falseIds));
        node.Attribute.Add(Attr("nodes_missing_value_tracks_true", missing));
        node.Attribute.Add(Attr(prefix + "treeids", shuffled.Select(w => w.Tree)));
        node.Attribute.Add(Attr(prefix + "nodeids", shuffled.Select(w => w.Node)));
        node.Attribute.Add(Attr(prefix + "ids", shuffled.Select(_ => 0L)));
        node.Attribute.Add(Attr(prefix + "weights", shuffled.Select(w => w.Weight)));
        return node;
    }
}
