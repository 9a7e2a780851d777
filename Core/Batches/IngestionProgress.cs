using System.Diagnostics;

namespace LeadScoring.Core.Batches;

/// <summary>Where an upload stands: rows read, scored and stored so far, and what is running.</summary>
/// <param name="Stage">What is running now, in words.</param>
/// <param name="RowsParsed">Data rows read and validated.</param>
/// <param name="RowsScored">Rows turned into features and scored.</param>
/// <param name="RowsStored">Rows written (inside the batch's transaction: nothing is visible until it commits).</param>
/// <param name="Done">True once the batch has its result.</param>
public sealed record IngestionProgress(string Stage, long RowsParsed, long RowsScored, long RowsStored, bool Done = false);

/// <summary>
/// Busy time of each stage of one upload (stages overlap, so they add up to more than the wall time): waiting for
/// the file's bytes, CSV parsing and validation, the feature pipeline, ONNX scoring, writing rows, the drift test,
/// and the commit.
/// </summary>
public sealed record IngestionTimings(TimeSpan Receive, TimeSpan Parse, TimeSpan Features, TimeSpan Score, TimeSpan Store,
    TimeSpan Drift, TimeSpan Commit, TimeSpan Total);

/// <summary>Counters the pipeline's stages update; reports at most every 100 ms, and on every stage change.</summary>
internal sealed class ProgressCounter(IProgress<IngestionProgress>? sink)
{
    private static readonly long s_interval = Stopwatch.Frequency / 10;
    private long _parsed;
    private long _scored;
    private long _stored;
    private long _last;
    private string _stage = "Receiving and reading the CSV";

    public long Parsed => Interlocked.Read(ref _parsed);

    public long Scored => Interlocked.Read(ref _scored);

    public long Stored => Interlocked.Read(ref _stored);

    public void AddParsed(int rows) => Tick(ref _parsed, rows);

    public void AddScored(int rows) => Tick(ref _scored, rows);

    public void AddStored(int rows) => Tick(ref _stored, rows);

    public void Stage(string stage, bool done = false)
    {
        _stage = stage;
        Activity.Current?.AddEvent(new ActivityEvent(stage)); // the upload span's stages; fixed texts, no file content
        sink?.Report(new IngestionProgress(stage, Parsed, Scored, Stored, done));
    }

    private void Tick(ref long counter, int rows)
    {
        Interlocked.Add(ref counter, rows);
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _last);
        if (sink is not null && now - last >= s_interval && Interlocked.CompareExchange(ref _last, now, last) == last)
        {
            sink.Report(new IngestionProgress(_stage, Parsed, Scored, Stored));
        }
    }
}

/// <summary>Adds up the time spent inside one stage (on whichever thread runs it).</summary>
internal sealed class StageClock
{
    private long _ticks;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    public void Add(long startTimestamp) => Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - startTimestamp);

    public T Time<T>(Func<T> work)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        finally
        {
            Add(start);
        }
    }
}

/// <summary>The uploaded file could not be read to its end (the connection dropped, a size limit): not a store failure.</summary>
public sealed class UploadInterruptedException(Exception inner)
    : IOException("The upload could not be read to its end.", inner);

/// <summary>
/// A read-only stream that adds the time its reads wait for data to a <see cref="StageClock"/>, and turns a failed
/// read of the upload into <see cref="UploadInterruptedException"/> so it is never mistaken for a store error.
/// </summary>
internal sealed class TimedReadStream(Stream inner, StageClock clock) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new UploadInterruptedException(ex);
        }
        finally
        {
            clock.Add(start);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
