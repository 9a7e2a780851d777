using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Models;

/// <summary>
/// Keeps this instance serving the stored champion when another instance promotes, rolls back or changes the
/// threshold: on a Models change (relayed by NOTIFY) and every Cluster:ChampionCheckSeconds as the fallback, the stored
/// champion is compared with the live one and loaded when they differ (swapped atomically: in-flight requests finish
/// on the model they leased). On SQLite (one process) changes are already live, so it only watches.
/// </summary>
public sealed class ChampionSync(ModelRegistry registry, StoreChangeNotifier notifier, StorageOptions storage, IOptions<ClusterOptions> options,
    ILogger<ChampionSync> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!storage.IsPostgres)
        {
            return;
        }
        using var subscription = notifier.Subscribe(StoreChange.Models, _ =>
        {
            if (_wake.CurrentCount == 0)
            {
                try
                {
                    _wake.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Already awake.
                }
            }
            return Task.CompletedTask;
        });
        var check = TimeSpan.FromSeconds(options.Value.ChampionCheckSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(check, stoppingToken);
                if (await registry.SyncChampionAsync(stoppingToken) is { } loaded)
                {
                    logger.LogInformation("Champion changed in the store: now serving {Version}", loaded);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The live model keeps serving; the next check tries again.
                logger.LogWarning("Champion check failed: {Error}", ex.Message);
            }
        }
    }
}
