using System.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Storage.Rollups;

public static partial class FeatureRollups
{
    /// <summary>
    /// Recounts the rolled-up hours (before <paramref name="rolledUpTo"/>) whose drift counts do not add up to the hour
    /// rollups' exact prediction count — predictions stored before the counts existed (an upgraded store) or while
    /// <c>DriftRollups:Enabled</c> was off — newest first, at most <paramref name="maxGroups"/> (hour, model version)
    /// groups per call, each in its own transaction. Returns the groups recounted. Both rollups change only in the
    /// writers' transactions, so a mismatch of a rolled-up hour is lasting, never a write in flight.
    /// </summary>
    public static async Task<int> RepairAsync(ILeadScoringDbFactory dbFactory, long rolledUpTo, int maxGroups, CancellationToken cancellationToken = default)
    {
        if (!Enabled)
        {
            return 0;
        }
        List<(long Hour, int Version)> groups;
        await using (var db = dbFactory.CreateDbContext())
        {
            var predictions = await db.PredictionRollups.AsNoTracking().Where(r => r.HourMs < rolledUpTo)
                .GroupBy(r => new { r.HourMs, r.ModelVersionId }).Select(g => new { g.Key.HourMs, g.Key.ModelVersionId, Count = g.Sum(r => r.Count) })
                .ToListAsync(cancellationToken);
            var counted = (await db.FeatureRollups.AsNoTracking().Where(r => r.HourMs < rolledUpTo)
                .GroupBy(r => new { r.HourMs, r.ModelVersionId }).Select(g => new { g.Key.HourMs, g.Key.ModelVersionId, Count = g.Sum(r => r.Predictions) })
                .ToListAsync(cancellationToken)).ToDictionary(r => (r.HourMs, r.ModelVersionId), r => r.Count);
            var expected = predictions.ToDictionary(r => (r.HourMs, r.ModelVersionId), r => r.Count);
            groups = [.. expected.Keys.Union(counted.Keys)
                .Where(k => expected.GetValueOrDefault(k) != counted.GetValueOrDefault(k))
                .OrderByDescending(k => k.Item1).Take(maxGroups)];
        }
        foreach (var (hour, version) in groups)
        {
            await using var db = dbFactory.CreateDbContext();
            // One snapshot for the delete and the recount: deltas of writers that commit meanwhile are not in it, so
            // they are neither deleted nor counted twice (a conflicting change fails this group; the next round retries).
            await using var transaction = await db.Database.BeginTransactionAsync(
                db.Database.IsNpgsql() ? IsolationLevel.RepeatableRead : IsolationLevel.Serializable, cancellationToken);
            await db.FeatureRollups.Where(r => r.HourMs == hour && r.ModelVersionId == version).ExecuteDeleteAsync(cancellationToken);
            var rows = db.Predictions.Where(p => p.TimestampMs >= hour && p.TimestampMs < hour + PredictionRollups.HourMs && p.ModelVersionId == version);
            await ApplyQueryAsync(db, rows, +1, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return groups.Count;
    }
}
