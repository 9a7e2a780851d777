using Google.Protobuf;
using LeadScoring.Engine.Explanations;
using LeadScoring.Engine.Training.Onnx.Proto;
using LeadScoring.Engine.Tests.Explanations.Infrastructure;

namespace LeadScoring.Engine.Tests.Explanations.Reader;

/// <summary>Graphs the reader must refuse, each with the reason the UI will show.</summary>
public sealed class OnnxReaderRefusalTests
{
    private static readonly EnsembleSpec s_spec = RandomEnsembles.Create(new Random(9), 6, 4, 3, 4, maxWeights: 1);

    private static byte[] Regressor() => OnnxFixtures.Regressor(s_spec, new Random(1), [new AffineStep("Mul", -1.2f, false)]);

    private static byte[] Classifier() => OnnxFixtures.Classifier(WithNegativeWeight(s_spec), new Random(1), 0.2f);

    [Fact]
    public void Read_GraphWithAnotherOp_IsRefusedNamingTheOp()
    {
        var model = OnnxFixtures.Parse(Regressor());
        var sigmoid = model.Graph.Node.Single(n => n.OpType == "Sigmoid");
        sigmoid.Input[0] = "relu_out";
        var mulOutput = model.Graph.Node.Single(n => n.OpType == "Mul").Output[0];
        model.Graph.Node.Add(OnnxFixtures.Node("Relu", "", [mulOutput], ["relu_out"]));

        var e = Refused(model.ToByteArray());

        Assert.StartsWith("Explanations are not available for this model: ", e.Message);
        Assert.Contains("'Relu' node", e.Reason);
    }

    [Fact]
    public void Read_MultiClassClassifier_IsRefusedAsNotBinary()
    {
        var model = OnnxFixtures.Classifier(WithNegativeWeight(s_spec), new Random(1), null, labels: [0L, 1L, 2L]);

        // ONNX Runtime loads and runs it (three probabilities per row); the reader refuses it.
        Assert.Equal(3, TestData.OnnxOutputWidth(model, "probabilities", RandomEnsembles.Rows(new Random(1), 4, 6, 0)));
        Assert.Contains("3 class labels; only binary classifiers are supported", Refused(model).Reason);
    }

    [Theory]
    [InlineData("SOFTMAX")]
    [InlineData("NONE")]
    [InlineData("PROBIT")]
    public void Read_ClassifierWithAnotherPostTransform_IsRefused(string post)
    {
        var model = OnnxFixtures.Classifier(WithNegativeWeight(s_spec), new Random(1), null, post);

        Assert.Contains($"post_transform is {post}; only LOGISTIC", Refused(model).Reason);
    }

    [Fact]
    public void Read_ClassifierWithWeightsOnClassOne_IsRefused()
    {
        var model = OnnxFixtures.Parse(Classifier());
        var ids = model.Graph.Node[0].Attribute.Single(a => a.Name == "class_ids");
        for (var i = 0; i < ids.Ints.Count; i++)
        {
            ids.Ints[i] = 1;
        }

        Assert.Contains("puts weights on class 1", Refused(model.ToByteArray()).Reason);
    }

    [Fact]
    public void Read_RegressorLeafWithTwoWeights_IsRefusedBecauseOnnxRuntimeReadsOnlyTheFirst()
    {
        var spec = RandomEnsembles.Create(new Random(4), 6, 6, 4, 4, maxWeights: 3);
        Assert.Contains(spec.Trees.SelectMany(t => t), n => n.Weights.Length > 1);
        // ONNX Runtime 1.31 with one target takes only the first weight listed for a leaf, not their sum.
        var model = OnnxFixtures.Regressor(spec, new Random(1), [], shuffleWeights: false);
        var rows = RandomEnsembles.Rows(new Random(3), 100, 6, 0.1);
        var served = TestData.OnnxScores(model, rows);
        var first = new EnsembleSpec(6, [.. spec.Trees.Select(t => (IReadOnlyList<SpecNode>)
            [.. t.Select(n => n.IsLeaf ? n with { Weights = [n.Weights[0]] } : n)])]).ToEnsemble();
        var summed = spec.ToEnsemble();
        var frame = new FeatureRows(rows, 6);
        var differs = 0;
        for (var i = 0; i < frame.Count; i++)
        {
            Assert.True(Math.Abs(TreeEnsemble.Sigmoid(first.Margin(frame.Row(i))) - served[i]) <= 1e-6, $"row {i}");
            differs += Math.Abs(TreeEnsemble.Sigmoid(summed.Margin(frame.Row(i))) - served[i]) > 1e-6 ? 1 : 0;
        }
        Assert.True(differs > 0);
        Assert.Contains("has several weights for the one target", Refused(model).Reason);
    }

    [Theory]
    [InlineData("MIN")]
    [InlineData("MAX")]
    public void Read_RegressorWithNonAdditiveAggregate_IsRefused(string aggregate)
    {
        var model = OnnxFixtures.Regressor(s_spec, new Random(1), [], aggregate);

        Assert.Contains($"aggregates with {aggregate}", Refused(model).Reason);
    }

    [Fact]
    public void Read_RegressorWithoutSigmoid_IsRefused()
    {
        var model = OnnxFixtures.Parse(Regressor());
        model.Graph.Node.Remove(model.Graph.Node.Single(n => n.OpType == "Sigmoid"));
        model.Graph.Output[0].Name = model.Graph.Node.Single(n => n.OpType == "Mul").Output[0];

        Assert.Contains("not produced by a Sigmoid", Refused(model.ToByteArray()).Reason);
    }

    [Fact]
    public void Read_RegressorWithASecondOutput_IsRefused()
    {
        var model = OnnxFixtures.Parse(Regressor());
        model.Graph.Output.Add(OnnxFixtures.Tensor("raw", TensorProto.Types.DataType.Float, null, 1));

        Assert.Contains("the graph has 2 outputs", Refused(model.ToByteArray()).Reason);
    }

    [Fact]
    public void Read_MulByANonConstant_IsRefused()
    {
        var model = OnnxFixtures.Parse(Regressor());
        model.Graph.Initializer.Clear();

        Assert.Contains("is not a constant", Refused(model.ToByteArray()).Reason);
    }

    [Fact]
    public void Read_DoublePrecisionTreeAttribute_IsRefused()
    {
        var model = OnnxFixtures.Parse(Regressor());
        model.Graph.Node[0].Attribute.Add(new AttributeProto
        {
            Name = "nodes_values_as_tensor",
            Type = AttributeProto.Types.AttributeType.Tensor,
            T = new TensorProto { DataType = (int)TensorProto.Types.DataType.Double },
        });

        Assert.Contains("'nodes_values_as_tensor' is not supported (double-precision trees)", Refused(model.ToByteArray()).Reason);
    }

    [Fact]
    public void Read_UnknownBranchMode_IsRefused()
    {
        var model = OnnxFixtures.Parse(Regressor());
        var modes = model.Graph.Node[0].Attribute.Single(a => a.Name == "nodes_modes");
        var split = modes.Strings.Select((s, i) => (s, i)).First(p => p.s.ToStringUtf8() != "LEAF").i;
        modes.Strings[split] = ByteString.CopyFromUtf8("BRANCH_MEMBER");

        Assert.Contains("unknown mode 'BRANCH_MEMBER'", Refused(model.ToByteArray()).Reason);
    }

    [Theory]
    [InlineData("rank")]
    [InlineData("symbolic")]
    [InlineData("double")]
    public void Read_UnexpectedInput_IsRefused(string change)
    {
        var model = OnnxFixtures.Parse(Regressor());
        var tensor = model.Graph.Input[0].Type.TensorType;
        var expected = change switch
        {
            "rank" => "has rank 1",
            "symbolic" => "no fixed feature width",
            _ => "is not a float tensor",
        };
        switch (change)
        {
            case "rank":
                tensor.Shape.Dim.RemoveAt(0);
                break;
            case "symbolic":
                tensor.Shape.Dim[1] = new TensorShapeProto.Types.Dimension { DimParam = "F" };
                break;
            default:
                tensor.ElemType = (int)TensorProto.Types.DataType.Double;
                break;
        }

        Assert.Contains(expected, Refused(model.ToByteArray()).Reason);
    }

    [Fact]
    public void Read_TreeWithACycle_IsRefused()
    {
        var model = OnnxFixtures.Parse(Regressor());
        var node = model.Graph.Node[0];
        var modes = node.Attribute.Single(a => a.Name == "nodes_modes").Strings;
        var treeIds = node.Attribute.Single(a => a.Name == "nodes_treeids").Ints;
        var nodeIds = node.Attribute.Single(a => a.Name == "nodes_nodeids").Ints;
        var trueIds = node.Attribute.Single(a => a.Name == "nodes_truenodeids").Ints;
        // A split below the root of its tree sends its true branch back to that root.
        var child = Enumerable.Range(1, modes.Count - 1)
            .First(i => modes[i].ToStringUtf8() != "LEAF" && treeIds[i] == treeIds[i - 1]);
        var root = Enumerable.Range(0, child).First(i => treeIds[i] == treeIds[child]);
        trueIds[child] = nodeIds[root];

        Assert.Contains("has a cycle", Refused(model.ToByteArray()).Reason);
    }

    [Fact]
    public void Read_BytesThatAreNotOnnx_AreRefused()
    {
        Assert.Contains("not a valid ONNX model", Refused([0xFF, 0xFF, 0xFF, 0x01, 0x02]).Reason);
        Assert.False(OnnxTreeEnsembleReader.TryRead([0xFF, 0xFF, 0xFF], out var ensemble, out var reason));
        Assert.Null(ensemble);
        Assert.NotNull(reason);
    }

    [Fact]
    public void TryRead_SupportedModel_ReturnsTheEnsemble()
    {
        Assert.True(OnnxTreeEnsembleReader.TryRead(Classifier(), out var ensemble, out var reason));
        Assert.Null(reason);
        Assert.Equal(TreeEnsembleKind.BinaryLogisticClassifier, ensemble!.Kind);
    }

    private static TreeEnsembleNotSupportedException Refused(byte[] model) =>
        Assert.Throws<TreeEnsembleNotSupportedException>(() => OnnxTreeEnsembleReader.Read(model));

    private static EnsembleSpec WithNegativeWeight(EnsembleSpec spec)
    {
        var trees = spec.Trees.ToList();
        trees.Add([new SpecNode(true, -1, 0, BranchMode.Leq, false, -1, -1, [-0.25f])]);
        return new EnsembleSpec(spec.FeatureCount, trees);
    }
}
