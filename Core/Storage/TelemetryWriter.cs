using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadScoring.Core.Storage;

/// <summary>
/// Drains <see cref="TelemetryQueue"/> in groups (up to <see cref="MaxItemsPerWrite"/> items, one transaction each)
/// and tells open pages. On shutdown it writes what is left before the host stops.
/// </summary>
public sealed class TelemetryWriter(TelemetryQueue queue, ILeadScoringDbFactory dbFactory, StoreChangeNotifier notifier,
    StoreWriteMonitor storeMonitor, ILogger<TelemetryWriter> logger) : BackgroundService
{
    public const int MaxItemsPerWrite = 2_000;

    private long _written;

    /// <summary>Predictions stored so far by this writer.</summary>
    public long PredictionsWritten => Interlocked.Read(ref _written);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<TelemetryItem>(MaxItemsPerWrite);
        try
        {
            while (await queue.WaitToReadAsync(stoppingToken))
            {
                while (group.Count < MaxItemsPerWrite && queue.TryRead(out var item))
                {
                    group.Add(item);
                }
                await WriteWithRetryAsync(group, stoppingToken);
                group.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: flush what is queued without the cancelled token.
            queue.Complete();
            while (queue.TryRead(out var item))
            {
                group.Add(item);
            }
            // Bounded: a locked or full store must not hold shutdown forever.
            using var flushTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await WriteWithRetryAsync(group, flushTimeout.Token);
            }
            catch (OperationCanceledException)
            {
                logger.LogError("Shutdown: {Count} telemetry items could not be stored in time", group.Count);
            }
        }
    }

    private async Task WriteWithRetryAsync(List<TelemetryItem> group, CancellationToken cancellationToken)
    {
        if (group.Count == 0)
        {
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteAsync(group, cancellationToken);
                storeMonitor.Succeeded();
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && IsWaitable(ex, attempt, cancellationToken))
            {
                // A locked or full store: back off and retry the same group (written whole or not at all). Meanwhile the
                // bounded queue fills and the API refuses new work with 503 instead of accepting what it cannot store.
                var failure = StoreErrors.Classify(ex);
                storeMonitor.Failed(failure);
                if (attempt == 1 || attempt % 20 == 0)
                {
                    logger.LogWarning("Telemetry write failed ({Failure}, attempt {Attempt}), retrying", failure, attempt);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200 * attempt, 2_000)), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Dropped {Count} telemetry items after repeated store failures", group.Count);
                return;
            }
        }
    }

    // Busy and full stores are waited out (until shutdown); other errors get five attempts, then the group is dropped.
    private static bool IsWaitable(Exception ex, int attempt, CancellationToken cancellationToken) =>
        StoreErrors.Classify(ex) switch
        {
            StoreFailure.Busy or StoreFailure.Full => !cancellationToken.IsCancellationRequested,
            _ => attempt < 5,
        };

    private async Task WriteAsync(List<TelemetryItem> group, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var predictions = group.SelectMany(i => i.Predictions).ToList();
        await PredictionBulkWriter.WriteAsync(db, predictions, cancellationToken);
        var requests = group.Where(i => i.Request is not null).Select(i => i.Request!).ToList();
        db.ApiRequests.AddRange(requests);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Interlocked.Add(ref _written, predictions.Count);
        notifier.Notify((predictions.Count > 0 ? StoreChange.Predictions : StoreChange.None) | (requests.Count > 0 ? StoreChange.Requests : StoreChange.None));
    }
}
