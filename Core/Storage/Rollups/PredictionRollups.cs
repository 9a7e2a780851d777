using LeadScoring.Engine.Domain;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Storage.Rollups;

/// <summary>
/// Hourly rollups of the predictions table, so that score and latency views over days or months read one row per hour
/// and model version instead of every prediction. Closed hours (ended more than <see cref="Grace"/> ago) are rolled
/// up lazily, a day per transaction, below a watermark that only moves forward; any later write below the watermark
/// updates the hours it touches in its own transaction (<see cref="ApplyAsync"/>), so a rollup never disagrees with
/// the rows it stands for. Reads combine the rolled-up hours with the raw rows at the window's edges.
/// </summary>
public sealed class PredictionRollups(ILeadScoringDbFactory dbFactory, TimeProvider time)
{
    public const long HourMs = 3_600_000;

    /// <summary>How long after its end an hour is rolled up: predictions still in the telemetry queue land first.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    private const int StateId = 1;
    private const long HoursPerTransaction = 24;

    // Serialises rollup writers across processes on PostgreSQL (SQLite has a single writer already).
    private const long PostgresLockKey = 0x4C53_524F_4C4C;

    private readonly SemaphoreSlim _advance = new(1, 1);
    private long _knownWatermark = long.MinValue;

    public static long FloorHour(long ms) => ms - ((ms % HourMs) + HourMs) % HourMs;

    public static long CeilHour(long ms) => FloorHour(ms) == ms ? ms : FloorHour(ms) + HourMs;

    /// <summary>
    /// Rolls up every closed hour not yet rolled up and returns the watermark. Cheap when there is nothing to do
    /// (no store access); the first call on a store of a million predictions takes a couple of seconds.
    /// </summary>
    public async Task<long> AdvanceAsync(CancellationToken cancellationToken = default)
    {
        var target = FloorHour(time.GetUtcNow().ToUnixTimeMilliseconds() - (long)Grace.TotalMilliseconds);
        if (Volatile.Read(ref _knownWatermark) >= target)
        {
            return _knownWatermark;
        }
        await _advance.WaitAsync(cancellationToken);
        try
        {
            var watermark = Volatile.Read(ref _knownWatermark);
            while (watermark < target)
            {
                watermark = await AdvanceOneStepAsync(target, cancellationToken);
            }
            Volatile.Write(ref _knownWatermark, watermark);
            return watermark;
        }
        finally
        {
            _advance.Release();
        }
    }

    /// <summary>
    /// Per-bucket aggregates of the predictions in <paramref name="window"/> (optionally of one model version):
    /// bucket start → aggregate, for buckets of <paramref name="bucketMs"/> (a multiple of an hour, or
    /// <see cref="long.MaxValue"/> for one bucket keyed 0). Exact counts, sums and bins; only quantiles are estimated.
    /// </summary>
    public async Task<SortedDictionary<long, PredictionAggregate>> ReadAsync(TimeWindow window, int? modelVersionId, long bucketMs,
        CancellationToken cancellationToken = default)
    {
        if (bucketMs != long.MaxValue && (bucketMs <= 0 || bucketMs % HourMs != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(bucketMs), bucketMs, "Rollup buckets are whole hours.");
        }
        var watermark = await AdvanceAsync(cancellationToken);
        var (rolledFrom, rolledTo) = RolledRange(window, watermark);
        var buckets = new SortedDictionary<long, PredictionAggregate>();
        PredictionAggregate Bucket(long ms) => For(buckets, bucketMs == long.MaxValue ? 0 : ms / bucketMs * bucketMs);

        await using var db = dbFactory.CreateDbContext();
        var hours = RolledHours(db, rolledFrom, rolledTo, modelVersionId);
        await foreach (var hour in hours.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Bucket(hour.HourMs).Merge(hour);
        }
        foreach (var (from, to) in RawRanges(window, rolledFrom, rolledTo))
        {
            await foreach (var point in Points(db, from, to, modelVersionId).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                Bucket(point.TimestampMs).Add(point);
            }
        }
        return buckets;
    }

    /// <summary>Number of predictions in the window (optionally of one model version), from the rollups and the edges.</summary>
    public async Task<long> CountAsync(TimeWindow window, int? modelVersionId, CancellationToken cancellationToken = default)
    {
        var watermark = await AdvanceAsync(cancellationToken);
        var (rolledFrom, rolledTo) = RolledRange(window, watermark);
        await using var db = dbFactory.CreateDbContext();
        var hours = RolledHours(db, rolledFrom, rolledTo, modelVersionId);
        var count = await hours.SumAsync(r => r.Count, cancellationToken);
        foreach (var (from, to) in RawRanges(window, rolledFrom, rolledTo))
        {
            count += await Points(db, from, to, modelVersionId).LongCountAsync(cancellationToken);
        }
        return count;
    }

    /// <summary>
    /// Keeps the rollups true after predictions were inserted (<paramref name="sign"/> +1) or deleted (−1) in the
    /// caller's open transaction: the hours below the watermark that they fall in are updated in the same transaction.
    /// Every write to the predictions table goes through here (the bulk writer, the context's SaveChanges, batch deletion).
    /// <paramref name="points"/> is enumerated twice.
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
        var watermark = await WatermarkAsync(db, cancellationToken);
        if (earliest >= watermark)
        {
            return; // the usual case: new predictions in the open hour
        }
        var changes = new Dictionary<(long Hour, int Model), PredictionAggregate>();
        foreach (var point in points.Where(p => p.TimestampMs < watermark))
        {
            For(changes, (FloorHour(point.TimestampMs), point.ModelVersionId)).Add(point, sign);
        }
        foreach (var ((hour, model), change) in changes)
        {
            var record = await db.PredictionRollups.SingleOrDefaultAsync(r => r.HourMs == hour && r.ModelVersionId == model, cancellationToken);
            var updated = record is null ? new PredictionAggregate() : PredictionAggregate.From(record);
            updated.Merge(change);
            if (updated.Count == 0)
            {
                if (record is not null)
                {
                    db.PredictionRollups.Remove(record);
                }
                continue;
            }
            if (record is null)
            {
                record = new PredictionRollupRecord { HourMs = hour, ModelVersionId = model };
                db.PredictionRollups.Add(record);
            }
            updated.CopyTo(record);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The columns the rollups keep, for predictions about to be deleted (read them before deleting).</summary>
    public static IQueryable<PredictionPoint> PointsOf(IQueryable<PredictionRecord> predictions) =>
        predictions.Select(p => new PredictionPoint(p.TimestampMs, p.ModelVersionId, p.Score, p.PredictedEngaged, p.InferenceMs, p.EndToEndMs));

    // Rolls up at most a day of closed hours, starting at the first prediction at or after the watermark.
    private async Task<long> AdvanceOneStepAsync(long target, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockAsync(db, cancellationToken);
        var watermark = await WatermarkAsync(db, cancellationToken);
        if (watermark >= target)
        {
            return watermark; // another process got there first
        }
        var next = await db.Predictions.Where(p => p.TimestampMs >= watermark && p.TimestampMs < target)
            .OrderBy(p => p.TimestampMs).Select(p => (long?)p.TimestampMs).FirstOrDefaultAsync(cancellationToken);
        var end = next is { } first ? Math.Min(target, FloorHour(first) + HoursPerTransaction * HourMs) : target;
        if (next is not null)
        {
            var hours = new Dictionary<(long Hour, int Model), PredictionAggregate>();
            await foreach (var point in Points(db, watermark, end, null).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                For(hours, (FloorHour(point.TimestampMs), point.ModelVersionId)).Add(point);
            }
            foreach (var ((hour, model), aggregate) in hours)
            {
                var record = new PredictionRollupRecord { HourMs = hour, ModelVersionId = model };
                aggregate.CopyTo(record);
                db.PredictionRollups.Add(record);
            }
        }
        var state = await db.PredictionRollupState.SingleOrDefaultAsync(s => s.Id == StateId, cancellationToken);
        if (state is null)
        {
            db.PredictionRollupState.Add(new PredictionRollupStateRecord { Id = StateId, CompleteBeforeMs = end });
        }
        else
        {
            state.CompleteBeforeMs = end;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return end;
    }

    // The aggregate kept under key, created empty on first use.
    private static PredictionAggregate For<TKey>(IDictionary<TKey, PredictionAggregate> aggregates, TKey key)
    {
        if (!aggregates.TryGetValue(key, out var aggregate))
        {
            aggregates[key] = aggregate = new PredictionAggregate();
        }
        return aggregate;
    }

    private static async Task<long> WatermarkAsync(LeadScoringDbContext db, CancellationToken cancellationToken) =>
        await db.PredictionRollupState.Where(s => s.Id == StateId).Select(s => (long?)s.CompleteBeforeMs)
            .FirstOrDefaultAsync(cancellationToken) ?? long.MinValue;

    private static async Task LockAsync(LeadScoringDbContext db, CancellationToken cancellationToken)
    {
        if (db is PostgresLeadScoringDbContext)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", cancellationToken);
        }
    }

    // The whole hours of the window below the watermark; empty (from == to) when there are none.
    private static (long From, long To) RolledRange(TimeWindow window, long watermark)
    {
        var from = CeilHour(Math.Max(0, window.FromMs));
        var to = Math.Max(from, Math.Min(FloorHour(window.ToMs), watermark));
        return (from, to);
    }

    // The parts of the window outside the rolled-up hours: before them and after them.
    private static IEnumerable<(long From, long To)> RawRanges(TimeWindow window, long rolledFrom, long rolledTo)
    {
        if (window.FromMs < Math.Min(rolledFrom, window.ToMs))
        {
            yield return (window.FromMs, Math.Min(rolledFrom, window.ToMs));
        }
        var after = Math.Max(rolledTo, window.FromMs);
        if (after < window.ToMs)
        {
            yield return (after, window.ToMs);
        }
    }

    private static IQueryable<PredictionRollupRecord> RolledHours(LeadScoringDbContext db, long from, long to, int? modelVersionId)
    {
        var hours = db.PredictionRollups.AsNoTracking().Where(r => r.HourMs >= from && r.HourMs < to);
        return modelVersionId is { } id ? hours.Where(r => r.ModelVersionId == id) : hours;
    }

    private static IQueryable<PredictionPoint> Points(LeadScoringDbContext db, long from, long to, int? modelVersionId)
    {
        var predictions = db.Predictions.AsNoTracking().Where(p => p.TimestampMs >= from && p.TimestampMs < to);
        if (modelVersionId is { } id)
        {
            predictions = predictions.Where(p => p.ModelVersionId == id);
        }
        return PointsOf(predictions);
    }
}
