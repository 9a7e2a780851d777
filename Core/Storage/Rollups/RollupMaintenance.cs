using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadScoring.Core.Storage.Rollups;

/// <summary>
/// Keeps the hourly rollups current in the background (at start, then every few minutes), so that the first page view
/// after an hour closes, or after an upgrade on a large store, does not pay for rolling it up.
/// </summary>
public sealed class RollupMaintenance(PredictionRollups rollups, TimeProvider time, ILogger<RollupMaintenance> logger, ILeadScoringDbFactory? dbFactory = null)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var rolledUpTo = await rollups.AdvanceAsync(stoppingToken);
                if (dbFactory is not null)
                {
                    // Closed hours' drift-count deltas folded into one row each, so window drift reads ~one row per hour.
                    var closedBefore = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)PredictionRollups.Grace.TotalMilliseconds;
                    while (await FeatureRollups.CompactAsync(dbFactory, closedBefore, 256, stoppingToken) == 256)
                    {
                    }
                    // Hours stored before the counts existed (an upgrade) or while they were off: recounted, newest first.
                    while (await FeatureRollups.RepairAsync(dbFactory, rolledUpTo, 64, stoppingToken) == 64)
                    {
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A busy or full store: the next round (or the next page view) tries again; reads stay correct meanwhile.
                logger.LogWarning("Rolling up predictions failed ({Failure}); retrying in {Interval}", StoreErrors.Classify(ex), Interval);
            }
            await Task.Delay(Interval, time, stoppingToken);
        }
    }
}
