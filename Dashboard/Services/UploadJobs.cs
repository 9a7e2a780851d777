using System.Collections.Concurrent;
using System.Threading.Channels;
using LeadScoring.Core.Models;
using LeadScoring.Core.Batches;
using LeadScoring.Core.Storage;

namespace LeadScoring.Dashboard.Services;

/// <summary>An upload being processed in the background; the page that started it may go away and come back.</summary>
public sealed class UploadJob(Guid id, string fileName, string tempPath, string uploadedBy)
{
    public Guid Id { get; } = id;
    public string FileName { get; } = fileName;
    public string UploadedBy { get; } = uploadedBy;
    internal string TempPath { get; } = tempPath;
    public BuildProgress Progress { get; internal set; } = new(0, "Queued");
    public BatchIngestionResult? Result { get; internal set; }

    /// <summary>A plain message when processing failed before a result existed (never exception text).</summary>
    public string? Failure { get; internal set; }
    public bool Finished => Result is not null || Failure is not null;

    /// <summary>Raised on progress and completion (from a background thread).</summary>
    public event Action? Changed;

    internal void Raise() => Changed?.Invoke();
}

/// <summary>
/// Uploads are saved to a temp file by the page, then processed here one at a time (bounded queue) so neither the
/// circuit nor the request thread waits for scoring, drift and storage.
/// </summary>
public sealed class UploadJobQueue
{
    private readonly Channel<UploadJob> _queue = Channel.CreateBounded<UploadJob>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentDictionary<Guid, UploadJob> _jobs = new();

    internal ChannelReader<UploadJob> Reader => _queue.Reader;

    public UploadJob? Find(Guid id) => _jobs.GetValueOrDefault(id);

    /// <summary>Queues a saved upload; false when the queue is full (the page asks the user to retry).</summary>
    public bool TryEnqueue(string fileName, string tempPath, string uploadedBy, out UploadJob job)
    {
        job = new UploadJob(Guid.NewGuid(), fileName, tempPath, uploadedBy);
        if (!_queue.Writer.TryWrite(job))
        {
            return false;
        }
        _jobs[job.Id] = job;
        return true;
    }

    internal void Forget(Guid id) => _jobs.TryRemove(id, out _);
}

/// <summary>Drains <see cref="UploadJobQueue"/> through the one Core ingestion service.</summary>
public sealed class UploadJobWorker(UploadJobQueue queue, BatchIngestionService ingestion, ILogger<UploadJobWorker> logger) : BackgroundService
{
    // Finished jobs stay visible for a while so a page reopened later still shows the result.
    private static readonly TimeSpan s_keepFinished = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
        {
            var progress = new Progress<BuildProgress>(p =>
            {
                job.Progress = p;
                job.Raise();
            });
            try
            {
                await using var stream = File.OpenRead(job.TempPath);
                job.Result = await ingestion.IngestAsync(stream, job.FileName, job.UploadedBy, progress: progress, cancellationToken: stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Upload {File} failed", job.FileName);
                job.Failure = StoreErrors.Describe(ex);
            }
            finally
            {
                TryDelete(job.TempPath);
                job.Progress = new BuildProgress(1, job.Failure is null ? "Done" : "Failed");
                job.Raise();
                _ = ForgetLaterAsync(job.Id, stoppingToken);
            }
        }
    }

    private async Task ForgetLaterAsync(Guid id, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(s_keepFinished, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        queue.Forget(id);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
