using Google.Protobuf;
using LeadScoring.Engine.Training.Onnx.Proto;

namespace LeadScoring.Engine.Training.Onnx;

/// <summary>Small constructors for the ONNX protobuf messages the exporter writes.</summary>
internal static class OnnxProtoFactory
{
    public const string MlDomain = "ai.onnx.ml";

    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Attribute(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Attribute(string name, IEnumerable<float> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        attribute.Floats.AddRange(values);
        return attribute;
    }

    public static AttributeProto Attribute(string name, IEnumerable<string> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return attribute;
    }

    public static NodeProto Node(string opType, string name, string[] inputs, string[] outputs, string domain = "",
        params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name, Domain = domain };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>A float tensor value info; a null dimension is the symbolic batch size "N".</summary>
    public static ValueInfoProto FloatTensor(string name, params long?[] dims)
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
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }

    /// <summary>A one-element float initializer.</summary>
    public static TensorProto Scalar(string name, float value)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(1);
        tensor.FloatData.Add(value);
        return tensor;
    }

    public static OperatorSetIdProto Opset(string domain, long version) => new() { Domain = domain, Version = version };

    public static StringStringEntryProto Metadata(string key, string value) => new() { Key = key, Value = value };
}
