using Google.Protobuf;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Training.Onnx.Proto;

namespace LeadScoring.Engine.Tests.Scoring;

public sealed class ZipMapScorerTests
{
    [Fact]
    public void Score_ZipMapOutput_ReadsClassOneFromEachMap()
    {
        using var scorer = OnnxScorer.FromBytes(ZipMapModel());
        // The test model's P(class 1) is feature 1 and P(class 0) is feature 0.
        var rows = new double[3 * 47];
        for (var r = 0; r < 3; r++)
        {
            rows[r * 47] = 1 - 0.1 * (r + 1);
            rows[r * 47 + 1] = 0.1 * (r + 1);
        }

        var batch = scorer.ScoreBatch(rows).Probabilities;
        var single = scorer.ScoreOne(rows.AsSpan(47, 47));

        Assert.Equal(OnnxOutputKind.ZipMap, scorer.OutputKind);
        Assert.Equal("output_probability", scorer.OutputName);
        Assert.Equal([(double)0.1f, (double)0.2f, (double)0.3f], batch);
        Assert.Equal((double)0.2f, single);
    }

    /// <summary>skl2onnx-shaped outputs: label int64 [N] and ZipMap output_probability over columns 0-1 of the input.</summary>
    private static byte[] ZipMapModel()
    {
        var graph = new GraphProto { Name = "zipmap_test" };
        graph.Input.Add(Tensor("float_input", 1, 47));
        graph.Output.Add(Tensor("output_label", 7));
        var mapType = new TypeProto
        {
            MapType = new TypeProto.Types.Map { KeyType = 7, ValueType = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } } },
        };
        graph.Output.Add(new ValueInfoProto
        {
            Name = "output_probability",
            Type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = mapType } },
        });
        graph.Initializer.Add(Int64s("starts", 0));
        graph.Initializer.Add(Int64s("ends", 2));
        graph.Initializer.Add(Int64s("axes", 1));
        graph.Initializer.Add(Int64s("argmax_axis", 1));
        var slice = new NodeProto { OpType = "Slice", Name = "slice" };
        slice.Input.AddRange(["float_input", "starts", "ends", "axes"]);
        slice.Output.Add("probabilities");
        var argMax = new NodeProto { OpType = "ArgMax", Name = "argmax" };
        argMax.Input.Add("probabilities");
        argMax.Output.Add("output_label");
        argMax.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        argMax.Attribute.Add(new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        var zipMap = new NodeProto { OpType = "ZipMap", Name = "zipmap", Domain = "ai.onnx.ml" };
        zipMap.Input.Add("probabilities");
        zipMap.Output.Add("output_probability");
        var labels = new AttributeProto { Name = "classlabels_int64s", Type = AttributeProto.Types.AttributeType.Ints };
        labels.Ints.AddRange([0, 1]);
        zipMap.Attribute.Add(labels);
        graph.Node.AddRange([slice, argMax, zipMap]);
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 15 });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx.ml", Version = 1 });
        return model.ToByteArray();
    }

    private static ValueInfoProto Tensor(string name, int elementType, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (var d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
        };
    }

    private static TensorProto Int64s(string name, long value)
    {
        var tensor = new TensorProto { Name = name, DataType = 7 };
        tensor.Dims.Add(1);
        tensor.Int64Data.Add(value);
        return tensor;
    }
}
