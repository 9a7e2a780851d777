namespace LeadScoring.Engine.Ingestion;

/// <summary>
/// Recognises files that are not text before CSV parsing, so the message says what the file is (a workbook, a
/// binary) instead of "the header matches neither schema". Only seekable streams are sniffed (uploads and files are).
/// </summary>
internal static class FileSniffer
{
    private const int SniffBytes = 4096;

    /// <summary>A message when the stream is clearly not CSV text; null otherwise. The position is restored.</summary>
    public static string? NotCsv(Stream stream)
    {
        if (!stream.CanSeek || !stream.CanRead)
        {
            return null;
        }
        var start = stream.Position;
        var buffer = new byte[SniffBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0)
        {
            read += n;
        }
        stream.Position = start;
        var head = buffer.AsSpan(0, read);
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
