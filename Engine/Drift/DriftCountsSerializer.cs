using System.Text;

namespace LeadScoring.Engine.Drift;

/// <summary>Binary form of <see cref="DriftCounts"/>: only non-zero counts are written (most grid cells of an hour are empty).</summary>
internal static class DriftCountsSerializer
{
    private const byte FormatVersion = 1;
    private const byte NumericKind = 0;
    private const byte CategoricalKind = 1;

    public static byte[] Serialize(DriftCounts counts)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(FormatVersion);
            w.Write(counts.Rows);
            w.Write(counts.Columns.Length);
            w.Write(counts.Scores is not null);
            foreach (var column in counts.Columns)
            {
                Write(w, column);
            }
            if (counts.Scores is not null)
            {
                Write(w, counts.Scores);
            }
        }
        return buffer.ToArray();
    }

    public static DriftCounts Deserialize(ReadOnlySpan<byte> bytes, DriftReference reference)
    {
        var counts = DriftCounts.Empty(reference);
        using var r = new BinaryReader(new MemoryStream(bytes.ToArray()), Encoding.UTF8);
        try
        {
            if (r.ReadByte() != FormatVersion)
            {
                throw new FormatException("Unknown drift counts format.");
            }
            counts.Rows = r.ReadInt64();
            if (r.ReadInt32() != counts.Columns.Length || r.ReadBoolean() != (counts.Scores is not null))
            {
                throw new FormatException("The drift counts were made on a different reference.");
            }
            foreach (var column in counts.Columns)
            {
                Read(r, column);
            }
            if (counts.Scores is not null)
            {
                Read(r, counts.Scores);
            }
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException("Truncated drift counts.", e);
        }
        catch (IndexOutOfRangeException e)
        {
            throw new FormatException("The drift counts do not fit the reference's grid.", e);
        }
        return counts;
    }

    private static void Write(BinaryWriter w, ColumnTally column)
    {
        w.Write(column is NumericTally ? NumericKind : CategoricalKind);
        w.Write(column.Missing);
        w.Write(column.Overflow);
        switch (column)
        {
            case NumericTally n:
                w.Write(n.Equal.Length);
                WriteSparse(w, n.Equal, null);
                WriteSparse(w, n.Gap, n.GapOffset);
                w.Write(n.OffGrid.Count);
                foreach (var (x, c) in n.OffGrid)
                {
                    w.Write(x);
                    w.Write(c);
                }
                break;
            case CategoricalTally k:
                w.Write(k.Counts.Length);
                WriteSparse(w, k.Counts, null);
                w.Write(k.Unseen.Count);
                foreach (var (s, c) in k.Unseen)
                {
                    w.Write(s);
                    w.Write(c);
                }
                break;
        }
    }

    private static void Read(BinaryReader r, ColumnTally column)
    {
        var kind = r.ReadByte();
        if (kind != (column is NumericTally ? NumericKind : CategoricalKind))
        {
            throw new FormatException("A column of the drift counts has a different type than in the reference.");
        }
        column.Missing = r.ReadInt64();
        column.Overflow = r.ReadBoolean();
        switch (column)
        {
            case NumericTally n:
                ExpectLength(r, n.Equal.Length);
                ReadSparse(r, n.Equal, null);
                ReadSparse(r, n.Gap, n.GapOffset);
                for (var i = r.ReadInt32(); i > 0; i--)
                {
                    n.OffGrid[r.ReadDouble()] = r.ReadInt64();
                }
                break;
            case CategoricalTally k:
                ExpectLength(r, k.Counts.Length);
                ReadSparse(r, k.Counts, null);
                for (var i = r.ReadInt32(); i > 0; i--)
                {
                    k.Unseen[r.ReadString()] = r.ReadInt64();
                }
                break;
        }
    }

    private static void ExpectLength(BinaryReader r, int length)
    {
        if (r.ReadInt32() != length)
        {
            throw new FormatException("The drift counts were made on a different reference grid.");
        }
    }

    private static void WriteSparse(BinaryWriter w, long[] counts, double[]? sums)
    {
        var nonZero = 0;
        for (var k = 0; k < counts.Length; k++)
        {
            nonZero += counts[k] != 0 || (sums is not null && sums[k] != 0) ? 1 : 0;
        }
        w.Write(nonZero);
        for (var k = 0; k < counts.Length; k++)
        {
            if (counts[k] != 0 || (sums is not null && sums[k] != 0))
            {
                w.Write(k);
                w.Write(counts[k]);
                if (sums is not null)
                {
                    w.Write(sums[k]);
                }
            }
        }
    }

    private static void ReadSparse(BinaryReader r, long[] counts, double[]? sums)
    {
        for (var i = r.ReadInt32(); i > 0; i--)
        {
            var k = r.ReadInt32();
            counts[k] = r.ReadInt64();
            if (sums is not null)
            {
                sums[k] = r.ReadDouble();
            }
        }
    }
}
