using LeadScoring.Core.Storage.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Storage;

/// <summary>Checks that the store answers and accepts a write, and how much disk is left beside it.</summary>
public sealed class StoreProbe(ILeadScoringDbFactory dbFactory, IFreeSpaceSource freeSpace, TimeProvider time)
{
    /// <summary>Seconds the probe waits for another process's write lock before reporting "busy" (health answers fast).</summary>
    public const int LockTimeoutSeconds = 1;

    /// <summary>Writes a probe row and rolls it back; the failure kind, or <see cref="StoreFailure.None"/> when writable.</summary>
    public async Task<StoreFailure> CheckWritableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = dbFactory.CreateDbContext();
            if (db.Database.GetDbConnection() is SqliteConnection sqlite)
            {
                sqlite.DefaultTimeout = LockTimeoutSeconds;
            }
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.HealthProbes.Add(new HealthProbeRecord { TimestampMs = time.GetUtcNow().ToUnixTimeMilliseconds(), Target = "write-check", Status = "probe" });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.RollbackAsync(cancellationToken);
            return StoreFailure.None;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return StoreErrors.Classify(ex) is var kind && kind != StoreFailure.None ? kind : StoreFailure.Other;
        }
    }

    /// <summary>Free bytes on the SQLite database's disk; null for PostgreSQL or an in-memory database.</summary>
    public long? FreeBytes() => freeSpace.AvailableBytes();
}
