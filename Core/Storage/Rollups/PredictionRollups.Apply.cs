using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Storage.Rollups;

/// <summary>Keeping both layers true when predictions are written or deleted below their watermarks.</summary>
public sealed partial class PredictionRollups
{
    /// <summary>
    /// Keeps the rollups true after predictions were inserted (<paramref name="sign"/> +1) or deleted (−1) in the
    /// caller's open transaction: the hours below the hour watermark and the minutes below the minute watermark that
    /// they fall in are updated in the same transaction. Every write to the predictions table goes through here (the
    /// bulk writer, the context's SaveChanges, batch deletion). <paramref name="points"/> is enumerated several times.
    /// </summary>
    public static async Task ApplyAsync(LeadScoringDbContext db, IEnumerable<PredictionPoint> points, int sign,
        CancellationToken cancellationToken = default)
    {
        if (!points.Any())
        {
            return;
        }
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Rollups are updated inside the transaction that changed the predictions.");
        }
        var earliest = points.Min(p => p.TimestampMs);
        await LockAsync(db, cancellationToken);
        var marks = await MarksAsync(db, cancellationToken);
        if (earliest >= marks.Hours && earliest >= marks.MinutesTo)
        {
            return; // the usual case: new predictions of the last minute
        }
        var hours = new Dictionary<(long Key, int Model), PredictionAggregate>();
        var minutes = new Dictionary<(long Key, int Model), PredictionAggregate>();
        foreach (var point in points)
        {
            if (point.TimestampMs < marks.Hours)
            {
                For(hours, (FloorHour(point.TimestampMs), point.ModelVersionId)).Add(point, sign);
            }
            if (point.TimestampMs >= marks.MinutesFrom && point.TimestampMs < marks.MinutesTo)
            {
                For(minutes, (FloorMinute(point.TimestampMs), point.ModelVersionId)).Add(point, sign);
            }
        }
        if (hours.Count > 0)
        {
            var (low, high) = (hours.Keys.Min(k => k.Key), hours.Keys.Max(k => k.Key));
            var stored = await db.PredictionRollups.Where(r => r.HourMs >= low && r.HourMs <= high)
                .ToDictionaryAsync(r => (r.HourMs, r.ModelVersionId), cancellationToken);
            Merge(db.PredictionRollups, stored, hours, (key, model) => new PredictionRollupRecord { HourMs = key, ModelVersionId = model });
        }
        if (minutes.Count > 0)
        {
            var (low, high) = (minutes.Keys.Min(k => k.Key), minutes.Keys.Max(k => k.Key));
            var stored = await db.PredictionMinuteRollups.Where(r => r.MinuteMs >= low && r.MinuteMs <= high)
                .ToDictionaryAsync(r => (r.MinuteMs, r.ModelVersionId), cancellationToken);
            Merge(db.PredictionMinuteRollups, stored, minutes, (key, model) => new PredictionMinuteRollupRecord { MinuteMs = key, ModelVersionId = model });
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    // Adds each change to its stored row: creates the row when missing, removes it when it empties.
    private static void Merge<TRecord>(DbSet<TRecord> set, Dictionary<(long, int), TRecord> stored,
        Dictionary<(long Key, int Model), PredictionAggregate> changes, Func<long, int, TRecord> create)
        where TRecord : RollupColumns
    {
        foreach (var (key, change) in changes)
        {
            stored.TryGetValue(key, out var record);
            var updated = record is null ? new PredictionAggregate() : PredictionAggregate.From(record);
            updated.Merge(change);
            if (updated.Count == 0)
            {
                if (record is not null)
                {
                    set.Remove(record);
                }
                continue;
            }
            if (record is null)
            {
                record = create(key.Key, key.Model);
                set.Add(record);
            }
            updated.CopyTo(record);
        }
    }
}
