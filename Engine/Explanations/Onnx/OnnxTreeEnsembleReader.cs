using Google.Protobuf;
using LeadScoring.Engine.Training.Onnx.Proto;

namespace LeadScoring.Engine.Explanations;

/// <summary>
/// Reads the tree ensemble of an ONNX model into a <see cref="TreeEnsemble"/> whose margin f(x) satisfies
/// σ(f(x)) = the positive-class score ONNX Runtime serves. Two graphs are accepted and everything else is refused with
/// a <see cref="TreeEnsembleNotSupportedException"/> naming the reason:
/// <list type="bullet">
/// <item>ai.onnx.ml TreeEnsembleRegressor (n_targets 1, post_transform NONE, aggregate SUM or AVERAGE) whose output
/// passes through Mul/Add by one-element float constants and then Sigmoid into the single graph output (our trainer's
/// export): margin = scale·(base + Σ weights) + shift.</item>
/// <item>ai.onnx.ml TreeEnsembleClassifier with two class labels, every weight on class 0, at most one base value,
/// post_transform LOGISTIC (onnxmltools' XGBoost layout), the node's label and probabilities
/// being the graph outputs: margin = base + Σ weights and ONNX Runtime's probabilities are [σ(−m), σ(m)].</item>
/// </list>
/// The input must be one float tensor [N, F] with a fixed F.
/// </summary>
public static class OnnxTreeEnsembleReader
{
    /// <summary>The ONNX-ML operator domain.</summary>
    public const string MlDomain = "ai.onnx.ml";

    /// <summary>Reads the ensemble; throws <see cref="TreeEnsembleNotSupportedException"/> for any other model.</summary>
    public static TreeEnsemble Read(byte[] onnx)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(onnx);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new TreeEnsembleNotSupportedException("the file is not a valid ONNX model (" + e.Message + ").", e);
        }
        var graph = model.Graph ?? throw Refuse("the model has no graph.");
        var (inputName, featureCount) = ReadInput(graph);
        var trees = graph.Node.Where(n => n.OpType is "TreeEnsembleRegressor" or "TreeEnsembleClassifier").ToList();
        if (trees.Count != 1)
        {
            throw Refuse($"the graph has {trees.Count} tree-ensemble nodes; exactly one is supported.");
        }
        var tree = trees[0];
        if (tree.Domain != MlDomain)
        {
            throw Refuse($"the '{tree.OpType}' node is in domain '{tree.Domain}', not {MlDomain}.");
        }
        foreach (var node in graph.Node)
        {
            if (!ReferenceEquals(node, tree) && !(node.OpType is "Mul" or "Add" or "Sigmoid" && node.Domain is "" or "ai.onnx"))
            {
                throw Refuse($"the graph contains a '{node.OpType}' node (domain '{node.Domain}'); only a tree " +
                    "ensemble followed by Mul, Add and Sigmoid is supported.");
            }
        }
        if (tree.Input.Count != 1 || tree.Input[0] != inputName)
        {
            throw Refuse($"the '{tree.OpType}' node does not read the graph input '{inputName}' directly.");
        }
        try
        {
            return tree.OpType == "TreeEnsembleClassifier"
                ? ReadClassifier(graph, tree, featureCount)
                : ReadRegressor(graph, tree, featureCount);
        }
        catch (ArgumentException e)
        {
            // TreeEnsemble's structural checks (e.g. a cycle, on which ONNX Runtime would never finish a row).
            throw new TreeEnsembleNotSupportedException(e.Message, e);
        }
    }

    /// <summary>Reads the ensemble, or returns false with the reason the model is refused.</summary>
    public static bool TryRead(byte[] onnx, out TreeEnsemble? ensemble, out string? reason)
    {
        try
        {
            ensemble = Read(onnx);
            reason = null;
            return true;
        }
        catch (TreeEnsembleNotSupportedException e)
        {
            ensemble = null;
            reason = e.Reason;
            return false;
        }
    }

    internal static TreeEnsembleNotSupportedException Refuse(string reason) => new(reason);

    private static (string Name, int FeatureCount) ReadInput(GraphProto graph)
    {
        var initializers = graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        if (graph.Input.Any(i => initializers.Contains(i.Name)))
        {
            throw Refuse("a constant of the graph is also a graph input, so a caller could override it.");
        }
        if (graph.Input.Count != 1)
        {
            throw Refuse($"the graph has {graph.Input.Count} inputs; one float [N, F] input is supported.");
        }
        var input = graph.Input[0];
        var tensor = input.Type?.TensorType;
        if (tensor is null || tensor.ElemType != (int)TensorProto.Types.DataType.Float)
        {
            throw Refuse($"the input '{input.Name}' is not a float tensor.");
        }
        var dims = tensor.Shape?.Dim;
        if (dims is null || dims.Count != 2)
        {
            throw Refuse($"the input '{input.Name}' has rank {dims?.Count ?? 0}; a [N, F] input is supported.");
        }
        if (dims[1].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || dims[1].DimValue < 1
            || dims[1].DimValue > 1_000_000)
        {
            throw Refuse($"the input '{input.Name}' has no fixed feature width.");
        }
        return (input.Name, (int)dims[1].DimValue);
    }

    private static TreeEnsemble ReadRegressor(GraphProto graph, NodeProto tree, int featureCount)
    {
        var attributes = TreeAttributes.Read(tree, TreeAttributes.RegressorNames);
        if (attributes.Int("n_targets") != 1)
        {
            throw Refuse($"the regressor has n_targets {attributes.Int("n_targets")}; one target is supported.");
        }
        var post = attributes.String("post_transform", "NONE");
        if (post != "NONE")
        {
            throw Refuse($"the regressor's post_transform is {post}; only NONE (then Sigmoid in the graph) is supported.");
        }
        var aggregate = attributes.String("aggregate_function", "SUM");
        if (aggregate is not ("SUM" or "AVERAGE"))
        {
            throw Refuse($"the regressor aggregates with {aggregate}; only SUM and AVERAGE are additive.");
        }
        var baseValues = attributes.Floats("base_values");
        if (baseValues.Length > 1)
        {
            throw Refuse($"the regressor has {baseValues.Length} base values for one target.");
        }
        if (tree.Output.Count != 1)
        {
            throw Refuse("the regressor node does not have exactly one output.");
        }
        var (scale, shift) = ReadAffineSigmoid(graph, tree.Output[0]);
        var structure = TreeAttributes.Structure(attributes, "target_", featureCount, singleWeightPerLeaf: true);
        var perTree = aggregate == "AVERAGE" ? 1.0 / structure.Count : 1.0;
        var trees = structure.Select(nodes => new DecisionTree(
            [.. nodes.Select(n => n.IsLeaf ? n with { Value = scale * perTree * n.Value } : n)])).ToList();
        var bias = baseValues.Length == 1 ? baseValues[0] : 0.0;
        var description = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"margin = {scale:R} × ({bias:R} + {(aggregate == "AVERAGE" ? "mean" : "sum")} of tree outputs) + {shift:R}, the input of the graph's Sigmoid");
        return new TreeEnsemble(featureCount, trees, scale * bias + shift, TreeEnsembleKind.RegressorAffineSigmoid,
            description);
    }

    private static TreeEnsemble ReadClassifier(GraphProto graph, NodeProto tree, int featureCount)
    {
        if (graph.Node.Count != 1)
        {
            throw Refuse("the classifier's outputs pass through further nodes; only its own outputs are supported.");
        }
        var attributes = TreeAttributes.Read(tree, TreeAttributes.ClassifierNames);
        var labels = Math.Max(attributes.Ints("classlabels_int64s").Length, attributes.Strings("classlabels_strings").Length);
        if (labels != 2)
        {
            throw Refuse($"the classifier has {labels} class labels; only binary classifiers are supported.");
        }
        var post = attributes.String("post_transform", "NONE");
        if (post != "LOGISTIC")
        {
            throw Refuse($"the classifier's post_transform is {post}; only LOGISTIC is supported.");
        }
        if (attributes.Ints("class_ids").Any(id => id != 0))
        {
            throw Refuse("the classifier puts weights on class 1; only the one-score layout (all weights on class 0) " +
                "is supported.");
        }
        var baseValues = attributes.Floats("base_values");
        if (baseValues.Length > 1)
        {
            throw Refuse($"the classifier has {baseValues.Length} base values; at most one is supported.");
        }
        var outputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        if (tree.Output.Count != 2 || outputs.Count != 2 || !tree.Output.All(outputs.Contains))
        {
            throw Refuse("the graph outputs are not exactly the classifier's label and probabilities.");
        }
        var probabilities = graph.Output.Single(o => o.Name == tree.Output[1]);
        if (probabilities.Type?.TensorType?.ElemType != (int)TensorProto.Types.DataType.Float)
        {
            throw Refuse($"the classifier's output '{probabilities.Name}' is not a float tensor.");
        }
        var structure = TreeAttributes.Structure(attributes, "class_", featureCount, singleWeightPerLeaf: false);
        var bias = baseValues.Length == 1 ? baseValues[0] : 0.0;
        var description = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"margin = {bias:R} + sum of tree outputs, the logit of the classifier's P(class 1)");
        return new TreeEnsemble(featureCount, [.. structure.Select(n => new DecisionTree(n))], bias,
            TreeEnsembleKind.BinaryLogisticClassifier, description);
    }

    /// <summary>Follows tree output → (Mul | Add by a constant)* → Sigmoid → the single graph output.</summary>
    private static (double Scale, double Shift) ReadAffineSigmoid(GraphProto graph, string treeOutput)
    {
        if (graph.Output.Count != 1)
        {
            throw Refuse($"the graph has {graph.Output.Count} outputs; one probability output is supported.");
        }
        var constants = graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        double scale = 1, shift = 0;
        var current = treeOutput;
        var used = 1;
        while (true)
        {
            if (graph.Output[0].Name == current)
            {
                throw Refuse("the graph output is not produced by a Sigmoid; the score would not be a probability.");
            }
            var consumers = graph.Node.Where(n => n.Input.Contains(current)).ToList();
            if (consumers.Count != 1)
            {
                throw Refuse($"the value '{current}' feeds {consumers.Count} nodes; a single chain to Sigmoid is supported.");
            }
            var node = consumers[0];
            used++;
            if (node.OpType == "Sigmoid")
            {
                if (node.Output.Count != 1 || node.Output[0] != graph.Output[0].Name || used != graph.Node.Count)
                {
                    throw Refuse("the Sigmoid does not produce the graph output, or other nodes follow it.");
                }
                return (scale, shift);
            }
            if (node.Input.Count != 2 || node.Output.Count != 1)
            {
                throw Refuse($"the '{node.OpType}' node does not take two inputs and give one output.");
            }
            var other = node.Input[0] == current ? node.Input[1] : node.Input[0];
            if (other == current || !constants.TryGetValue(other, out var tensor))
            {
                throw Refuse($"the '{node.OpType}' node's other operand '{other}' is not a constant.");
            }
            var k = ScalarValue(tensor);
            if (node.OpType == "Mul")
            {
                scale *= k;
                shift *= k;
            }
            else
            {
                shift += k;
            }
            current = node.Output[0];
        }
    }

    private static double ScalarValue(TensorProto tensor)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
        {
            throw Refuse($"the constant '{tensor.Name}' is stored outside the model file.");
        }
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float || tensor.Dims.Aggregate(1L, (a, d) => a * d) != 1)
        {
            throw Refuse($"the constant '{tensor.Name}' is not a single float.");
        }
        float value;
        if (tensor.FloatData.Count == 1)
        {
            value = tensor.FloatData[0];
        }
        else if (tensor.RawData.Length == 4)
        {
            value = BitConverter.ToSingle(tensor.RawData.Span);
            if (!BitConverter.IsLittleEndian)
            {
                value = BitConverter.Int32BitsToSingle(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(
                    BitConverter.SingleToInt32Bits(value)));
            }
        }
        else
        {
            throw Refuse($"the constant '{tensor.Name}' holds no single float value.");
        }
        if (!float.IsFinite(value))
        {
            throw Refuse($"the constant '{tensor.Name}' is {value}.");
        }
        return value;
    }
}
