using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Batches;

/// <summary>One uploaded batch as the admin page lists it.</summary>
/// <param name="Id">Store id.</param>
/// <param name="FileName">The uploaded file name.</param>
/// <param name="Rows">Stored prediction rows.</param>
/// <param name="Status">Where the upload stands.</param>
/// <param name="CreatedAtUtc">When the upload started.</param>
/// <param name="UploadedBy">Who uploaded it.</param>
public sealed record BatchListItem(long Id, string FileName, int Rows, BatchStatus Status, DateTime CreatedAtUtc, string UploadedBy);

/// <summary>What a deletion removed.</summary>
/// <param name="BatchId">The deleted batch.</param>
/// <param name="FileName">Its file name (for the confirmation message).</param>
/// <param name="PredictionsDeleted">Prediction rows removed with it.</param>
public sealed record BatchDeletion(long BatchId, string FileName, int PredictionsDeleted);

/// <summary>
/// Admin maintenance of uploaded batches: list them and delete one with all its predictions.
/// Authorization is the caller's job (the dashboard's AdminGuard).
/// </summary>
public sealed class BatchAdministration(ILeadScoringDbFactory dbFactory, StoreChangeNotifier notifier)
{
    /// <summary>The newest <paramref name="take"/> batches, newest first.</summary>
    public async Task<IReadOnlyList<BatchListItem>> RecentAsync(int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        return await db.Batches.AsNoTracking()
            .OrderByDescending(b => b.Id)
            .Take(take)
            .Select(b => new BatchListItem(b.Id, b.FileName, b.StoredRows, b.Status, b.CreatedAtUtc, b.UploadedBy))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the batch and every prediction that belongs to it in one transaction: either both go or neither.
    /// A batch still being ingested is refused, since its writer would keep adding rows to a batch that no longer exists.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No batch has that id.</exception>
    /// <exception cref="InvalidOperationException">The batch is still pending or running.</exception>
    public async Task<BatchDeletion> DeleteBatchAsync(long batchId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, cancellationToken)
            ?? throw new KeyNotFoundException($"Batch {batchId} does not exist.");
        if (batch.Status is BatchStatus.Pending or BatchStatus.Running)
        {
            throw new InvalidOperationException($"Batch {batchId} is still being processed; delete it once it has finished.");
        }
        var removed = await PredictionRollups.PointsOf(db.Predictions.AsNoTracking().Where(p => p.BatchId == batchId)).ToListAsync(cancellationToken);
        await FeatureRollups.SubtractAsync(db, db.Predictions.Where(p => p.BatchId == batchId), cancellationToken);
        var predictions = await db.Predictions.Where(p => p.BatchId == batchId).ExecuteDeleteAsync(cancellationToken);
        await PredictionRollups.ApplyAsync(db, removed, -1, cancellationToken);
        await db.Batches.Where(b => b.Id == batchId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        notifier.Notify(StoreChange.Predictions | StoreChange.Batches);
        return new BatchDeletion(batchId, batch.FileName, predictions);
    }
}
