namespace LeadScoring.Engine.Ingestion;

/// <summary>
/// Recognises files that are not text before CSV parsing, so the message says what the file is (a workbook, a
/// binary) instead of "the header matches neither schema". Works on any readable stream (a network upload too): the
/// first bytes are read once and handed on in front of the rest.
/// </summary>
internal static class FileSniffer
{
    private const int SniffBytes = 4096;

    /// <summary>
    /// A message when the stream is clearly not CSV text, null otherwise; <paramref name="replay"/> reads the whole
    /// stream from its start (the sniffed bytes, then the rest).
    /// </summary>
    public static string? NotCsv(Stream stream, out Stream replay)
    {
        var buffer = new byte[SniffBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0)
        {
            read += n;
        }
        replay = new PrefixedStream(buffer.AsMemory(0, read), stream);
        return Classify(buffer.AsSpan(0, read));
    }

    private static string? Classify(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return "The file is a ZIP archive (an Excel .xlsx workbook renamed .csv?), not CSV text. Save it as CSV (UTF-8) and upload again.";
        }
        if (head.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            return "The file is an old Excel .xls workbook, not CSV text. Save it as CSV (UTF-8) and upload again.";
        }
        var utf16 = head.StartsWith(new byte[] { 0xFF, 0xFE }) || head.StartsWith(new byte[] { 0xFE, 0xFF });
        if (!utf16 && head.Contains((byte)0))
        {
            return "The file contains binary data (NUL bytes), not CSV text. UTF-16 text needs a byte order mark; UTF-8 is preferred.";
        }
        return null;
    }
}

/// <summary>Reads a few bytes already taken from a stream, then the rest of that stream (which it does not own).</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.IsEmpty)
        {
            return rest.Read(buffer);
        }
        var n = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..n].CopyTo(buffer);
        _prefix = _prefix[n..];
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _prefix.IsEmpty ? rest.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
