using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Models;

/// <summary>The shadow challenger mark: at most one non-champion version, scored off the request path.</summary>
public sealed partial class ModelRegistry
{
    /// <summary>The challenger's entry, or null when none is marked.</summary>
    public async Task<ModelVersionInfo?> ChallengerAsync(CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(m => m.IsChallenger);

    /// <summary>
    /// Marks a non-champion version as the challenger (any previous mark is cleared in the same save) and loads its
    /// session once; marking the current challenger again keeps its start time.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No version has that id.</exception>
    /// <exception cref="InvalidOperationException">The version is the champion.</exception>
    public async Task<ModelVersionInfo> MarkChallengerAsync(int id, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = _dbFactory.CreateDbContext();
            var target = await db.ModelVersions.SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
                ?? throw new KeyNotFoundException($"Model version {id} does not exist.");
            if (target.Status == ModelStatus.Champion)
            {
                throw new InvalidOperationException($"v{target.Version} is the champion; a challenger is another version.");
            }
            if (target.ChallengerSinceUtc is not null)
            {
                return ToInfo(target);
            }
            var loaded = LoadChallenger(target); // a model ONNX Runtime cannot load never becomes the challenger
            foreach (var previous in await db.ModelVersions.Where(m => m.ChallengerSinceUtc != null).ToListAsync(cancellationToken))
            {
                previous.ChallengerSinceUtc = null;
            }
            target.ChallengerSinceUtc = _time.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch
            {
                loaded.Scorer.Dispose();
                throw;
            }
            _challenger.Swap(loaded, target.ChallengerSinceUtc);
            _notifier.Notify(StoreChange.Models);
            return ToInfo(target);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Clears the challenger mark (stored scores stay); false when none was marked.</summary>
    public async Task<bool> ClearChallengerAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = _dbFactory.CreateDbContext();
            var marked = await db.ModelVersions.Where(m => m.ChallengerSinceUtc != null).ToListAsync(cancellationToken);
            foreach (var version in marked)
            {
                version.ChallengerSinceUtc = null;
            }
            await db.SaveChangesAsync(cancellationToken);
            _challenger.Swap(null, null);
            _notifier.Notify(StoreChange.Models);
            return marked.Count > 0;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Loads the stored challenger into the live holder (at start-up); false when none is marked.</summary>
    public async Task<bool> LoadChallengerAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.CreateDbContext();
        var record = await db.ModelVersions.AsNoTracking()
            .FirstOrDefaultAsync(m => m.ChallengerSinceUtc != null && m.Status != ModelStatus.Champion, cancellationToken);
        _challenger.Swap(record is null ? null : LoadChallenger(record), record?.ChallengerSinceUtc);
        return record is not null;
    }
}
