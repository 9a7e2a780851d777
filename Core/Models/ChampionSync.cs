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
        // Peer changes wake the check at once (pages get them coalesced, every 500 ms; a champion should not wait).
        void OnPeerChange(StoreChange change)
        {
            if ((change & StoreChange.Models) != 0 && _wake.CurrentCount == 0)
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
        }
        notifier.PeerChange += OnPeerChange;
        try
        {
            await CheckUntilStoppedAsync(stoppingToken);
        }
        finally
        {
            notifier.PeerChange -= OnPeerChange;
        }
    }

    private async Task CheckUntilStoppedAsync(CancellationToken stoppingToken)
    {
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
