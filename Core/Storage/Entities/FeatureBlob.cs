using System.Buffers.Binary;

namespace LeadScoring.Core.Storage.Entities;

/// <summary>
/// Packs feature vectors as little-endian doubles: exact (drift on stored rows must see the same values as the
/// reference) and about 7x smaller and faster than JSON text (notes/stack.md).
/// </summary>
public static class FeatureBlob
{
    public static byte[] Pack(ReadOnlySpan<double> features)
    {
        var bytes = new byte[features.Length * sizeof(double)];
        for (var i = 0; i < features.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), features[i]);
        }
        return bytes;
    }

    public static double[] Unpack(ReadOnlySpan<byte> blob)
    {
        var values = new double[blob.Length / sizeof(double)];
        UnpackInto(blob, values);
        return values;
    }

    public static void UnpackInto(ReadOnlySpan<byte> blob, Span<double> destination)
    {
        var count = blob.Length / sizeof(double);
        for (var i = 0; i < count; i++)
        {
            destination[i] = BinaryPrimitives.ReadDoubleLittleEndian(blob[(i * sizeof(double))..]);
        }
    }
}
