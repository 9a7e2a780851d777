using Microsoft.ML.OnnxRuntime;

namespace LeadScoring.Engine.Scoring;

/// <summary>Finds the output carrying P(engaged) from session metadata and reads it.</summary>
internal static class OnnxOutputResolver
{
    public static (string Name, OnnxOutputKind Kind) Resolve(
        IReadOnlyDictionary<string, NodeMetadata> outputs, string? preferred)
    {
        if (preferred is not null)
        {
            if (!outputs.TryGetValue(preferred, out var meta))
            {
                throw new InvalidDataException(
                    $"The model has no output '{preferred}' (outputs: {string.Join(", ", outputs.Keys)}).");
            }
            return (preferred, Classify(meta) ?? throw new InvalidDataException(
                $"Output '{preferred}' is neither a float [N]/[N,1]/[N,2] tensor nor a ZipMap sequence."));
        }
        foreach (var (name, meta) in outputs)
        {
            if (Classify(meta) is { } kind)
            {
                return (name, kind);
            }
        }
        throw new InvalidDataException(
            $"No output carries probabilities (outputs: {string.Join(", ", outputs.Keys)}); expected a float " +
            "[N]/[N,1]/[N,2] tensor or a ZipMap sequence of maps.");
    }

    /// <summary>The exact [1, ...] output shape for a single row, or null when it cannot be preallocated.</summary>
    public static long[]? SingleRowShape(NodeMetadata output, OnnxOutputKind kind)
    {
        if (kind == OnnxOutputKind.ZipMap)
        {
            return null;
        }
        var dims = output.Dimensions;
        if (dims.Length == 1)
        {
            return [1];
        }
        return dims.Length == 2 && dims[1] > 0 ? [1, dims[1]] : null;
    }

    private static OnnxOutputKind? Classify(NodeMetadata meta)
    {
        // ElementType throws for non-tensors (ZipMap sequences), so test IsTensor first.
        if (meta.IsTensor)
        {
            if (meta.ElementType != typeof(float))
            {
                return null;
            }
            var dims = meta.Dimensions;
            return dims.Length switch
            {
                1 => OnnxOutputKind.Probability,
                2 when dims[1] == 1 => OnnxOutputKind.Probability,
                2 when dims[1] == 2 => OnnxOutputKind.TwoClassProbabilities,
                _ => null,
            };
        }
        if (meta.OnnxValueType == OnnxValueType.ONNX_TYPE_SEQUENCE)
        {
            var element = meta.AsSequenceMetadata().ElementMeta;
            return element.OnnxValueType == OnnxValueType.ONNX_TYPE_MAP ? OnnxOutputKind.ZipMap : null;
        }
        return null;
    }
}

/// <summary>Copies P(engaged) out of a Run result.</summary>
internal static class OnnxOutputReader
{
    public static void Read(OrtValue value, OnnxOutputKind kind, int rows, Span<double> destination)
    {
        if (kind == OnnxOutputKind.ZipMap)
        {
            ReadZipMap(value, rows, destination);
            return;
        }
        var data = value.GetTensorDataAsSpan<float>();
        var columns = data.Length / rows;
        if (columns * rows != data.Length || columns is < 1 or > 2)
        {
            throw new InvalidDataException($"The model returned {data.Length} values for {rows} rows.");
        }
        // [N, 2] = [1 - p, p]: P(engaged) is column 1.
        var offset = columns - 1;
        for (var i = 0; i < rows; i++)
        {
            destination[i] = data[i * columns + offset];
        }
    }

    private static void ReadZipMap(OrtValue sequence, int rows, Span<double> destination)
    {
        var count = sequence.GetValueCount();
        if (count != rows)
        {
            throw new InvalidDataException($"The model returned {count} probability maps for {rows} rows.");
        }
        var allocator = OrtAllocator.DefaultInstance;
        for (var i = 0; i < rows; i++)
        {
            using var map = sequence.GetValue(i, allocator);
            using var keys = map.GetValue(0, allocator);
            using var values = map.GetValue(1, allocator);
            if (keys.GetTensorTypeAndShape().ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64)
            {
                throw new InvalidDataException("ZipMap keys are not int64 class labels.");
            }
            var keySpan = keys.GetTensorDataAsSpan<long>();
            var valueSpan = values.GetTensorDataAsSpan<float>();
            var index = keySpan.IndexOf(1L);
            if (index < 0)
            {
                throw new InvalidDataException("The ZipMap output has no class 1.");
            }
            destination[i] = valueSpan[index];
        }
    }
}
