using LeadScoring.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Alerts.Channels;

/// <summary>Wakes the delivery worker when rows are queued, so a notification need not wait for the next poll.</summary>
public sealed class AlertOutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>The <see cref="IAlertNotifier"/> of the channels: one outbox row per enabled channel, delivered by the worker.</summary>
public sealed class OutboxAlertNotifier(ILeadScoringDbFactory dbFactory, AlertOutboxSignal signal, TimeProvider time, ILogger<OutboxAlertNotifier> logger)
    : IAlertNotifier
{
    public async Task EnqueueAsync(AlertNotification notification, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = dbFactory.CreateDbContext();
            var channels = await db.Set<AlertChannelRecord>().Where(c => c.Enabled).Select(c => c.Id).ToListAsync(cancellationToken);
            if (channels.Count == 0)
            {
                return;
            }
            var now = time.GetUtcNow().UtcDateTime;
            var json = AlertNotificationJson.Serialize(notification);
            db.Set<AlertOutboxRecord>().AddRange(channels.Select(id => new AlertOutboxRecord
            {
                ChannelId = id, NotificationJson = json, Status = AlertOutboxStatus.Pending, CreatedAtUtc = now, NextAttemptUtc = now,
            }));
            await db.SaveChangesAsync(cancellationToken);
            signal.Notify();
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // The contract: a channel problem never fails the evaluation; the store's own failure is logged.
            logger.LogError("Alert notification for rule '{Rule}' ({Kind}) could not be queued: {Error}", notification.RuleName, notification.Kind, e.GetType().Name);
        }
    }
}

/// <summary>
/// One pass over due outbox rows: send, then mark delivered, or schedule a retry with exponential backoff and
/// jitter, or give up after <c>Alerts:Delivery:MaxAttempts</c>. Pending rows are in the store, so a restart resumes
/// them. Passes in this process run one at a time (the worker and a test calling it never send a row twice).
/// </summary>
public sealed class AlertOutboxDelivery(ILeadScoringDbFactory dbFactory, AlertChannelSender sender, IOptions<AlertChannelOptions> options,
    TimeProvider time, ILogger<AlertOutboxDelivery> logger)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Delivers rows due now; returns how many attempts were made.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var settings = options.Value.Delivery;
            await using var db = dbFactory.CreateDbContext();
            var now = time.GetUtcNow().UtcDateTime;
            var due = await db.Set<AlertOutboxRecord>()
                .Where(o => o.Status == AlertOutboxStatus.Pending && o.NextAttemptUtc <= now)
                .OrderBy(o => o.NextAttemptUtc).ThenBy(o => o.Id).Take(settings.BatchSize).ToListAsync(cancellationToken);
            foreach (var row in due)
            {
                var channel = await db.Set<AlertChannelRecord>().FirstOrDefaultAsync(c => c.Id == row.ChannelId, cancellationToken);
                if (channel is null)
                {
                    continue; // deleted meanwhile; its rows went with it
                }
                AlertDeliveryResult result;
                try
                {
                    result = await sender.SendAsync(channel, AlertNotificationJson.Deserialize(row.NotificationJson), row.Id, cancellationToken);
                }
                catch (System.Text.Json.JsonException)
                {
                    result = new AlertDeliveryResult(false, "the queued notification is unreadable", null, 0);
                }
                var after = time.GetUtcNow().UtcDateTime;
                row.Attempts++;
                row.LastError = result.Error;
                if (result.Succeeded)
                {
                    row.Status = AlertOutboxStatus.Delivered;
                    row.DeliveredAtUtc = after;
                }
                else if (row.Attempts >= settings.MaxAttempts)
                {
                    row.Status = AlertOutboxStatus.Failed;
                    logger.LogWarning("Alert delivery {DeliveryId} to channel {ChannelId} gave up after {Attempts} attempts (Alerts:Delivery:MaxAttempts): {Error}",
                        row.Id, channel.Id, row.Attempts, result.Error);
                }
                else
                {
                    row.NextAttemptUtc = after + RetryDelay(row.Attempts, settings, Random.Shared.NextDouble());
                    logger.LogInformation("Alert delivery {DeliveryId} to channel {ChannelId} attempt {Attempt} failed, retry at {NextAttempt:o}: {Error}",
                        row.Id, channel.Id, row.Attempts, row.NextAttemptUtc, result.Error);
                }
                RecordOutcome(channel, result, after);
                await db.SaveChangesAsync(CancellationToken.None);
            }
            return due.Count;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// Wait after the <paramref name="attempts"/>-th failed attempt: FirstRetrySeconds · 2^(attempts−1), capped at
    /// MaxRetrySeconds, plus up to 25 % jitter (<paramref name="unitRandom"/> in [0, 1)) so channels that failed
    /// together do not retry in step.
    /// </summary>
    public static TimeSpan RetryDelay(int attempts, AlertDeliveryOptions settings, double unitRandom)
    {
        var seconds = Math.Min(settings.FirstRetrySeconds * Math.Pow(2, Math.Max(0, attempts - 1)), settings.MaxRetrySeconds);
        return TimeSpan.FromSeconds(seconds * (1 + 0.25 * unitRandom));
    }

    /// <summary>The channel's delivery status after one attempt.</summary>
    internal static void RecordOutcome(AlertChannelRecord channel, AlertDeliveryResult result, DateTime atUtc)
    {
        if (result.Succeeded)
        {
            channel.LastSuccessUtc = atUtc;
            channel.ConsecutiveFailures = 0;
            return;
        }
        channel.LastErrorUtc = atUtc;
        channel.LastError = result.Error is { Length: > 500 } text ? text[..500] : result.Error;
        channel.ConsecutiveFailures++;
    }
}
