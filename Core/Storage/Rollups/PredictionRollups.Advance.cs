using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Storage.Rollups;

/// <summary>Moving the watermarks: minutes first, then hours (a closed hour is summed from its minutes where they exist).</summary>
public sealed partial class PredictionRollups
{
    // Rows of prediction_rollup_state.
    private const int HourWatermarkId = 1;
    private const int MinuteWatermarkId = 2;
    private const int MinuteStartId = 3;

    private const long HoursPerTransaction = 24;
    private const long MinutesPerTransaction = 60;

    // Serialises rollup writers across processes on PostgreSQL (SQLite has a single writer already).
    private const long PostgresLockKey = 0x4C53_524F_4C4C;

    private readonly SemaphoreSlim _advance = new(1, 1);
    private Marks _known = Marks.None;

    private async Task<Marks> AdvanceMarksAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hourTarget = FloorHour(now - (long)Grace.TotalMilliseconds);
        var minuteTarget = Floor(now - (long)MinuteGrace.TotalMilliseconds, (long)MinuteStep.TotalMilliseconds);
        var known = Volatile.Read(ref _known);
        if (known.Hours >= hourTarget && known.MinutesTo >= minuteTarget)
        {
            return known;
        }
        await _advance.WaitAsync(cancellationToken);
        try
        {
            known = Volatile.Read(ref _known);
            while (known.MinutesTo < minuteTarget)
            {
                known = await AdvanceMinutesAsync(minuteTarget, cancellationToken);
            }
            while (known.Hours < hourTarget)
            {
                known = await AdvanceHoursAsync(hourTarget, cancellationToken);
            }
            Volatile.Write(ref _known, known);
            return known;
        }
        finally
        {
            _advance.Release();
        }
    }

    // Rolls up at most an hour of minutes, from the first prediction at or after the minute watermark, and deletes
    // minutes older than MinuteRetention.
    private async Task<Marks> AdvanceMinutesAsync(long target, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockAsync(db, cancellationToken);
        var marks = await MarksAsync(db, cancellationToken);
        if (marks.MinutesTo >= target)
        {
            return marks; // another process got there first
        }
        var keepFrom = FloorHour(target) - (long)MinuteRetention.TotalMilliseconds;
        var from = Math.Max(marks.MinutesTo, keepFrom);
        var end = await StepEndAsync(db, from, target, MinuteMs, MinutesPerTransaction, cancellationToken);
        var minutes = new Dictionary<(long Key, int Model), PredictionAggregate>();
        await foreach (var point in Points(db, from, end, null).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            For(minutes, (FloorMinute(point.TimestampMs), point.ModelVersionId)).Add(point);
        }
        // The first minute may be partly rolled up already (the watermark moves inside the open minute): topped up.
        var stored = await db.PredictionMinuteRollups.Where(r => r.MinuteMs >= FloorMinute(from) && r.MinuteMs < end)
            .ToDictionaryAsync(r => (r.MinuteMs, r.ModelVersionId), cancellationToken);
        Merge(db.PredictionMinuteRollups, stored, minutes, (key, model) => new PredictionMinuteRollupRecord { MinuteMs = key, ModelVersionId = model });
        // Contiguous with what is kept, or (after a long pause) a fresh start at `from`.
        var start = marks.MinutesTo >= keepFrom ? Math.Max(marks.MinutesFrom, keepFrom) : from;
        if (start > marks.MinutesFrom)
        {
            await db.PredictionMinuteRollups.Where(r => r.MinuteMs < start).ExecuteDeleteAsync(cancellationToken);
        }
        await SetMarkAsync(db, MinuteStartId, start, cancellationToken);
        await SetMarkAsync(db, MinuteWatermarkId, end, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return marks with { MinutesFrom = start, MinutesTo = end };
    }

    // Rolls up at most a day of closed hours, starting at the first prediction at or after the watermark; the part the
    // minute rollups hold is summed from them (60 rows an hour instead of every prediction).
    private async Task<Marks> AdvanceHoursAsync(long target, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockAsync(db, cancellationToken);
        var marks = await MarksAsync(db, cancellationToken);
        if (marks.Hours >= target)
        {
            return marks;
        }
        var end = await StepEndAsync(db, marks.Hours, target, HourMs, HoursPerTransaction, cancellationToken);
        var hours = new Dictionary<(long Hour, int Model), PredictionAggregate>();
        var coveredFrom = Math.Max(marks.Hours, marks.MinutesFrom);
        var coveredTo = Math.Min(end, marks.MinutesTo);
        if (coveredFrom < coveredTo)
        {
            await foreach (var minute in Minutes(db, new Range(coveredFrom, coveredTo), null).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                For(hours, (FloorHour(minute.MinuteMs), minute.ModelVersionId)).Merge(minute);
            }
        }
        foreach (var range in Outside(new Range(marks.Hours, end), coveredFrom, coveredTo))
        {
            await foreach (var point in Points(db, range.From, range.To, null).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                For(hours, (FloorHour(point.TimestampMs), point.ModelVersionId)).Add(point);
            }
        }
        foreach (var ((hour, model), aggregate) in hours.Where(h => h.Value.Count != 0))
        {
            var record = new PredictionRollupRecord { HourMs = hour, ModelVersionId = model };
            aggregate.CopyTo(record);
            db.PredictionRollups.Add(record);
        }
        await SetMarkAsync(db, HourWatermarkId, end, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return marks with { Hours = end };
    }

    // Where one step ends: `steps` units after the first prediction at or after `from` (skipping empty stretches), or the target.
    private static async Task<long> StepEndAsync(LeadScoringDbContext db, long from, long target, long unit, long steps,
        CancellationToken cancellationToken)
    {
        var next = await db.Predictions.Where(p => p.TimestampMs >= from && p.TimestampMs < target)
            .OrderBy(p => p.TimestampMs).Select(p => (long?)p.TimestampMs).FirstOrDefaultAsync(cancellationToken);
        return next is { } first ? Math.Min(target, Floor(first, unit) + steps * unit) : target;
    }

    private static async Task SetMarkAsync(LeadScoringDbContext db, int id, long value, CancellationToken cancellationToken)
    {
        var state = await db.PredictionRollupState.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (state is null)
        {
            db.PredictionRollupState.Add(new PredictionRollupStateRecord { Id = id, CompleteBeforeMs = value });
        }
        else
        {
            state.CompleteBeforeMs = value;
        }
    }

    private static async Task<Marks> MarksAsync(LeadScoringDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.PredictionRollupState.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.CompleteBeforeMs, cancellationToken);
        return new Marks(rows.GetValueOrDefault(HourWatermarkId, long.MinValue), rows.GetValueOrDefault(MinuteStartId, long.MinValue),
            rows.GetValueOrDefault(MinuteWatermarkId, long.MinValue));
    }

    private static async Task LockAsync(LeadScoringDbContext db, CancellationToken cancellationToken)
    {
        if (db is PostgresLeadScoringDbContext)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", cancellationToken);
        }
    }

    /// <summary>Hours before <see cref="Hours"/> are rolled up; minutes in [<see cref="MinutesFrom"/>, <see cref="MinutesTo"/>).</summary>
    private sealed record Marks(long Hours, long MinutesFrom, long MinutesTo)
    {
        public static readonly Marks None = new(long.MinValue, long.MinValue, long.MinValue);
    }
}
