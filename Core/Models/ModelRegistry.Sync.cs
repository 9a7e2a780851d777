using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Models;

public sealed partial class ModelRegistry
{
    /// <summary>
    /// Loads the stored champion (and challenger) when they differ from the live ones — another instance changed them.
    /// Returns the newly live champion's version id, or null when nothing changed.
    /// </summary>
    public async Task<string?> SyncChampionAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = _dbFactory.CreateDbContext();
            var stored = await db.ModelVersions.AsNoTracking().Where(m => m.Status == ModelStatus.Champion)
                .Select(m => new { m.Id, m.DecisionThreshold }).SingleOrDefaultAsync(cancellationToken);
            var storedChallenger = await db.ModelVersions.AsNoTracking().Where(m => m.ChallengerSinceUtc != null && m.Status != ModelStatus.Champion)
                .Select(m => new { m.Id, m.DecisionThreshold }).FirstOrDefaultAsync(cancellationToken);
            var liveChallenger = _challenger.Current;
            if (storedChallenger?.Id != liveChallenger?.RegistryId || (storedChallenger is not null && storedChallenger.DecisionThreshold != liveChallenger!.Threshold))
            {
                await LoadChallengerAsync(cancellationToken);
            }
            var live = champion.Current;
            if (stored is null || (live is not null && live.RegistryId == stored.Id && live.Threshold == stored.DecisionThreshold))
            {
                return null;
            }
            var record = await db.ModelVersions.AsNoTracking().SingleAsync(m => m.Id == stored.Id, cancellationToken);
            var loaded = Load(record);
            champion.Swap(loaded);
            return loaded.VersionId;
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
