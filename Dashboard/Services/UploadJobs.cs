using System.Collections.Concurrent;
using LeadScoring.Core.Batches;

namespace LeadScoring.Dashboard.Services;

/// <summary>
/// One upload as the page follows it: the browser sends the file over plain HTTP (<c>POST /api/batches</c> with an
/// <c>X-Upload-Job</c> id it chose) and the page's circuit watches this record for the bytes received and the rows
/// parsed, scored and stored — the file itself never crosses the circuit.
/// </summary>
public sealed class UploadJob(Guid id, string owner, string fileName, long? totalBytes)
{
    public Guid Id { get; } = id;

    /// <summary>The signed-in user who sent it; only they can watch it.</summary>
    public string Owner { get; } = owner;

    public string FileName { get; internal set; } = fileName;

    /// <summary>The upload's size when the client said it (Content-Length of the request).</summary>
    public long? TotalBytes { get; } = totalBytes;

    /// <summary>Bytes of the request body received so far.</summary>
    public long BytesReceived { get; private set; }

    public IngestionProgress Progress { get; private set; } = new("Receiving the file", 0, 0, 0);

    public BatchIngestionResult? Result { get; private set; }

    /// <summary>A plain message when the upload failed before a result existed (never exception text).</summary>
    public string? Failure { get; private set; }

    public bool Finished => Result is not null || Failure is not null;

    /// <summary>Raised on progress and completion (from a request thread).</summary>
    public event Action? Changed;

    internal void Received(long bytes)
    {
        BytesReceived = bytes;
        Changed?.Invoke();
    }

    internal void Report(IngestionProgress progress)
    {
        Progress = progress;
        Changed?.Invoke();
    }

    internal void Complete(BatchIngestionResult result)
    {
        Result = result;
        Changed?.Invoke();
    }

    internal void Fail(string message)
    {
        Failure = message;
        Changed?.Invoke();
    }
}

/// <summary>The uploads in flight and recently finished, by the id the page chose.</summary>
public sealed class UploadJobs(TimeProvider time)
{
    // Finished jobs stay visible for a while so a page reopened later still shows the result.
    private static readonly TimeSpan s_keepFinished = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<Guid, (UploadJob Job, DateTimeOffset Started)> _jobs = new();

    /// <summary>Registers an upload; null when that id is already taken (a replayed or forged id).</summary>
    public UploadJob? Start(Guid id, string owner, string fileName, long? totalBytes)
    {
        Prune();
        var job = new UploadJob(id, owner, fileName, totalBytes);
        return _jobs.TryAdd(id, (job, time.GetUtcNow())) ? job : null;
    }

    /// <summary>The upload with that id if <paramref name="owner"/> sent it.</summary>
    public UploadJob? Find(Guid id, string owner) =>
        _jobs.TryGetValue(id, out var entry) && entry.Job.Owner == owner ? entry.Job : null;

    private void Prune()
    {
        var cutoff = time.GetUtcNow() - s_keepFinished;
        foreach (var (id, entry) in _jobs)
        {
            if (entry.Job.Finished && entry.Started < cutoff)
            {
                _jobs.TryRemove(id, out _);
            }
        }
    }
}
