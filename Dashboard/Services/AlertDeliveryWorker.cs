using LeadScoring.Core.Alerts.Channels;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Services;

/// <summary>
/// Delivers the alert outbox in the background: a pass every <c>Alerts:Delivery:PollSeconds</c> or as soon as a
/// notification is queued. Rows live in the store, so pending ones are picked up again after a restart.
/// </summary>
internal sealed class AlertDeliveryWorker(AlertOutboxDelivery delivery, AlertOutboxSignal signal, IOptions<AlertChannelOptions> options,
    ILogger<AlertDeliveryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.Delivery.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch may mean more are due: go again at once.
                while (await delivery.DeliverDueAsync(stoppingToken) >= options.Value.Delivery.BatchSize)
                {
                }
                await signal.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store may be down for a while; the rows wait, the worker lives on.
                logger.LogError("Alert delivery pass failed ({Error}); retrying in {Seconds} s", e.GetType().Name, poll.TotalSeconds);
                await Task.Delay(poll, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
