using System.IO.Pipelines;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// Receives the one CSV file part of a multipart upload as it arrives, without buffering it: the part's bytes are
/// pumped from the request into a bounded pipe that the ingestion's reading stage reads on its own thread, so the
/// file is parsed while it is still being received and is never held whole in memory or written to disk.
/// </summary>
internal sealed class MultipartCsvReceiver : IAsyncDisposable
{
    // Enough to keep the parser busy while the network delivers the next bytes; at most this much is in memory.
    private const int PauseBytes = 8 << 20;

    private readonly MultipartReader _reader;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: PauseBytes, resumeWriterThreshold: PauseBytes / 2));
    private readonly CancellationToken _cancellationToken;
    private Task? _pump;

    private MultipartCsvReceiver(MultipartReader reader, CancellationToken cancellationToken)
    {
        _reader = reader;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The file part's name as the client gave it.</summary>
    public string FileName { get; private set; } = "";

    /// <summary>Reads the file part as it arrives (synchronous reads block until bytes come; end of part = end of stream).</summary>
    public Stream File { get; private set; } = Stream.Null;

    /// <summary>Opens the request's multipart body at its first file part; null with a message when there is none or the body is not multipart.</summary>
    public static async Task<(MultipartCsvReceiver? Receiver, string? Error)> OpenAsync(HttpRequest request, Action<long>? received,
        CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            return (null, "The multipart body has no boundary.");
        }
        var receiver = new MultipartCsvReceiver(new MultipartReader(boundary, request.Body), cancellationToken);
        while (await receiver._reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
            {
                receiver.FileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                receiver.File = new PipeReaderStream(receiver._pipe.Reader, cancellationToken);
                receiver._pump = receiver.PumpAsync(section.Body, received);
                return (receiver, null);
            }
            await section.Body.DrainAsync(cancellationToken); // a form field: not needed
        }
        return (null, "Send exactly one CSV file in the form (found 0).");
    }

    /// <summary>After the file part: a message when the request carries another file (only one is taken), else null.</summary>
    public async Task<string?> CheckNoOtherFileAsync(CancellationToken cancellationToken)
    {
        if (_pump is not null)
        {
            await _pump;
        }
        while (await _reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
            {
                return "Send exactly one CSV file in the form (found more than one).";
            }
            await section.Body.DrainAsync(cancellationToken);
        }
        return null;
    }

    private async Task PumpAsync(Stream body, Action<long>? received)
    {
        var total = 0L;
        try
        {
            while (true)
            {
                var memory = _pipe.Writer.GetMemory(81920);
                var read = await body.ReadAsync(memory, _cancellationToken);
                if (read == 0)
                {
                    break;
                }
                _pipe.Writer.Advance(read);
                total += read;
                received?.Invoke(total);
                var flush = await _pipe.Writer.FlushAsync(_cancellationToken);
                if (flush.IsCompleted)
                {
                    break; // the reader stopped (the batch ended early): nothing more is needed
                }
            }
            await _pipe.Writer.CompleteAsync();
        }
        catch (Exception ex)
        {
            // The reader sees the failure (connection dropped, size limit) as the end of the file with an error.
            await _pipe.Writer.CompleteAsync(ex);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _pipe.Reader.CompleteAsync();
        if (_pump is not null)
        {
            try
            {
                await _pump;
            }
            catch (Exception)
            {
                // Already surfaced through the reading stage.
            }
        }
    }

    /// <summary>Synchronous reads over a pipe, for a parser that runs on its own thread.</summary>
    private sealed class PipeReaderStream(PipeReader reader, CancellationToken cancellationToken) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var result = reader.ReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult();
            var available = result.Buffer;
            if (available.IsEmpty && result.IsCompleted)
            {
                reader.AdvanceTo(available.End);
                return 0;
            }
            var n = (int)Math.Min(buffer.Length, available.Length);
            System.Buffers.BuffersExtensions.CopyTo(available.Slice(0, n), buffer);
            reader.AdvanceTo(available.GetPosition(n));
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
