using System.Runtime.InteropServices;
using Google.Protobuf;

namespace LeadScoring.Engine.Scoring;

/// <summary>
/// Reads an uploaded ONNX file's protobuf before ONNX Runtime sees it, field by field (numbers from onnx/onnx.proto),
/// and refuses what a lead-scoring model never needs and an attacker could use: tensors whose data lives in an
/// external file (ONNX Runtime would read it from its working folder, beside the database and appsettings.json) in
/// initializers, sparse initializers and attribute tensors at any subgraph depth; operators outside the ai.onnx and
/// ai.onnx.ml domains (custom, contrib or execution-provider operators); model-local functions and training info;
/// more nodes, bytes or subgraph nesting than <see cref="OnnxModelLimits"/> allows; and any input other than one
/// float tensor [N, features]. Each refusal is an <see cref="InvalidDataException"/> naming what was refused.
/// </summary>
public static class OnnxModelInspector
{
    /// <summary>Operator domains accepted ("" is ai.onnx).</summary>
    public static readonly IReadOnlySet<string> AllowedDomains = new HashSet<string>(StringComparer.Ordinal) { "", "ai.onnx", "ai.onnx.ml" };

    private const int TensorElementFloat = 1;
    private const int DataLocationExternal = 1;

    public static void Check(byte[] onnx, int featureCount, OnnxModelLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        limits ??= new OnnxModelLimits();
        if (onnx.Length == 0 || onnx.Length > limits.MaxBytes)
        {
            throw Refused($"the file holds {onnx.Length:N0} bytes; accepted are 1 to {limits.MaxBytes:N0} ({OnnxModelLimits.SectionName}:MaxBytes).");
        }
        var walker = new Walker(limits);
        try
        {
            walker.Model(new CodedInputStream(onnx));
        }
        catch (InvalidProtocolBufferException)
        {
            throw Refused("it is not a readable ONNX (protobuf) file.");
        }
        walker.CheckInputs(featureCount);
    }

    private static InvalidDataException Refused(string why) => new("Model refused: " + why);

    // Attacker-chosen text shown back: printable and short.
    private static string Shown(string text)
    {
        var clean = new string([.. text.Where(c => !char.IsControl(c)).Take(80)]);
        return text.Length > 80 ? clean + "…" : clean;
    }

    private static CodedInputStream Nested(CodedInputStream input, uint tag)
    {
        if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
        {
            throw Refused($"field {WireFormat.GetTagFieldNumber(tag)} has an unexpected encoding.");
        }
        var bytes = input.ReadBytes();
        return MemoryMarshal.TryGetArray(bytes.Memory, out var segment)
            ? new CodedInputStream(segment.Array!, segment.Offset, segment.Count)
            : new CodedInputStream(bytes.ToByteArray());
    }

    private sealed class Walker(OnnxModelLimits limits)
    {
        private readonly List<(string Name, InputType Type)> _inputs = [];
        private readonly HashSet<string> _initializers = new(StringComparer.Ordinal);
        private int _nodes;

        public void Model(CodedInputStream input)
        {
            var graphs = 0;
            while (input.ReadTag() is var tag and not 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 7: // graph (repeated occurrences merge, as every protobuf reader does)
                        graphs++;
                        Graph(Nested(input, tag), depth: 0);
                        break;
                    case 20:
                        throw Refused("it carries training info (ModelProto.training_info); upload an inference-only model.");
                    case 25:
                        throw Refused("it defines model-local functions (ModelProto.functions); only built-in operators are accepted.");
                    default:
                        input.SkipLastField();
                        break;
                }
            }
            if (graphs == 0)
            {
                throw Refused("it has no graph.");
            }
        }

        public void CheckInputs(int featureCount)
        {
            // Before IR 4 initializers were listed among the inputs too; the data input is the one left.
            var data = _inputs.Where(i => !_initializers.Contains(i.Name)).ToList();
            var expected = $"one float input [N, {featureCount}]";
            if (data.Count != 1)
            {
                throw Refused($"it has {data.Count} inputs; a lead-scoring model takes {expected}.");
            }
            var (name, type) = data[0];
            var shape = type.Dims is null ? "no shape" : "[" + string.Join(", ", type.Dims.Select(d => d ?? "N")) + "]";
            if (!type.IsTensor || type.ElementType != TensorElementFloat || type.Dims is not { Count: 2 } dims
                || dims[1] != featureCount.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                var kind = !type.IsTensor ? "not a tensor" : type.ElementType != TensorElementFloat ? $"element type {type.ElementType}, {shape}" : shape;
                throw Refused($"its input '{Shown(name)}' is {kind}; a lead-scoring model takes {expected}.");
            }
        }

        private void Graph(CodedInputStream input, int depth)
        {
            if (depth > limits.MaxSubgraphDepth)
            {
                throw Refused($"its subgraphs nest deeper than {limits.MaxSubgraphDepth} ({OnnxModelLimits.SectionName}:MaxSubgraphDepth).");
            }
            while (input.ReadTag() is var tag and not 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1:
                        Node(Nested(input, tag), depth);
                        break;
                    case 5:
                        var name = Tensor(Nested(input, tag), "initializer");
                        if (depth == 0)
                        {
                            _initializers.Add(name);
                        }
                        break;
                    case 11 when depth == 0:
                        _inputs.Add(ValueInfo(Nested(input, tag)));
                        break;
                    case 15:
                        SparseTensor(Nested(input, tag), "sparse initializer");
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
        }

        private void Node(CodedInputStream input, int depth)
        {
            if (++_nodes > limits.MaxNodes)
            {
                throw Refused($"it has more than {limits.MaxNodes:N0} nodes ({OnnxModelLimits.SectionName}:MaxNodes).");
            }
            string opType = "", domain = "", name = "";
            while (input.ReadTag() is var tag and not 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 3:
                        name = Text(input, tag);
                        break;
                    case 4:
                        opType = Text(input, tag);
                        break;
                    case 7:
                        domain = Text(input, tag);
                        break;
                    case 5:
                        Attribute(Nested(input, tag), depth);
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
            if (!AllowedDomains.Contains(domain))
            {
                throw Refused($"node '{Shown(name)}' uses operator '{Shown(opType)}' of domain '{Shown(domain)}'; only the ai.onnx and ai.onnx.ml domains are accepted.");
            }
        }

        private void Attribute(CodedInputStream input, int depth)
        {
            var name = "";
            while (input.ReadTag() is var tag and not 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1:
                        name = Text(input, tag);
                        break;
                    case 5 or 10: // t, tensors
                        Tensor(Nested(input, tag), $"attribute '{Shown(name)}' tensor");
                        break;
                    case 6 or 11: // g, graphs
                        Graph(Nested(input, tag), depth + 1);
                        break;
                    case 22 or 23: // sparse_tensor, sparse_tensors
                        SparseTensor(Nested(input, tag), $"attribute '{Shown(name)}' sparse tensor");
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
        }

        // Returns the tensor's name; refuses external data (data_location = EXTERNAL or any external_data entry).
        private static string Tensor(CodedInputStream input, string role)
        {
            string name = "", location = "";
            var external = false;
            while (input.ReadTag() is var tag and not 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 8:
                        name = Text(input, tag);
                        break;
                    case 13:
                        external = true;
                        location = ExternalLocation(Nested(input, tag)) ?? location;
                        break;
                    case 14 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                        external |= input.ReadEnum() == DataLocationExternal;
                        break;
                    case 14:
                        throw Refused("field 14 (data_location) has an unexpected encoding.");
                    default:
                        input.SkipLastField();
                        break;
                }
            }
            if (external)
            {
                var where = location.Length > 0 ? $" ('{Shown(location)}')" : "";
                throw Refused($"{role} '{Shown(name)}' keeps its data in an external file{where}; upload a model with every tensor inside the .onnx file.");
            }
            return name;
        }

        private static void SparseTensor(CodedInputStream input, string role)
        {
            while (input.ReadTag() is var tag and not 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) is 1 or 2) // values, indices
                {
                    Tensor(Nested(input, tag), role);
                }
                else
                {
                    input.SkipLastField();
                }
            }
        }

        // StringStringEntryProto: the value of the "location" key, else null.
        private static string? ExternalLocation(CodedInputStream input)
        {
            string key = "", value = "";
            while (input.ReadTag() is var tag and not 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1:
                        key = Text(input, tag);
                        break;
                    case 2:
                        value = Text(input, tag);
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
            return key == "location" ? value : null;
        }

        // ValueInfoProto: name = 1, type = 2 (TypeProto: tensor_type = 1 → elem_type = 1, shape = 2 → dim = 1 → dim_value = 1 | dim_param = 2).
        private static (string Name, InputType Type) ValueInfo(CodedInputStream input)
        {
            var name = "";
            var type = new InputType(false, 0, null);
            while (input.ReadTag() is var tag and not 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1:
                        name = Text(input, tag);
                        break;
                    case 2:
                        type = TypeOf(Nested(input, tag));
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
            return (name, type);
        }

        private static InputType TypeOf(CodedInputStream input)
        {
            var type = new InputType(false, 0, null);
            while (input.ReadTag() is var tag and not 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == 1)
                {
                    type = TensorType(Nested(input, tag));
                }
                else
                {
                    input.SkipLastField(); // sequence, map, optional, sparse: not a dense tensor
                }
            }
            return type;
        }

        private static InputType TensorType(CodedInputStream input)
        {
            var elementType = 0;
            List<string?>? dims = null;
            while (input.ReadTag() is var tag and not 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                        elementType = input.ReadInt32();
                        break;
                    case 2:
                        dims ??= [];
                        var shape = Nested(input, tag);
                        while (shape.ReadTag() is var dimTag and not 0)
                        {
                            if (WireFormat.GetTagFieldNumber(dimTag) == 1)
                            {
                                dims.Add(Dimension(Nested(shape, dimTag)));
                            }
                            else
                            {
                                shape.SkipLastField();
                            }
                        }
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
            return new InputType(true, elementType, dims);
        }

        // A fixed size as its digits; a symbolic or unknown one as null.
        private static string? Dimension(CodedInputStream input)
        {
            string? value = null;
            while (input.ReadTag() is var tag and not 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint)
                {
                    value = input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                else
                {
                    value = WireFormat.GetTagFieldNumber(tag) == 2 ? null : value;
                    input.SkipLastField();
                }
            }
            return value;
        }

        private static string Text(CodedInputStream input, uint tag)
        {
            if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
            {
                throw Refused($"field {WireFormat.GetTagFieldNumber(tag)} has an unexpected encoding.");
            }
            return input.ReadString();
        }
    }

    /// <summary>A graph input's type: a dense tensor or not, its element type (1 = float) and dimensions (null = symbolic).</summary>
    private readonly record struct InputType(bool IsTensor, int ElementType, IReadOnlyList<string?>? Dims);
}
