using LeadScoring.Engine.Domain;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Storage.Rollups;

/// <summary>
/// Rollups of the predictions table in two layers, so that no page view reads more than a couple of minutes of raw
/// rows whatever the window: hours (every closed hour, kept as long as retention keeps them) and minutes (the last
/// <see cref="MinuteRetention"/>, up to <see cref="MinuteGrace"/> ago: the open hour and the partial hours at a window's
/// edges). Each layer is rolled up lazily below a watermark that only moves forward; any later write below a watermark
/// updates the rows it touches in its own transaction (<see cref="ApplyAsync"/>), so a rollup never disagrees with the
/// rows it stands for. Reads combine hours, minutes and the raw rows of whatever neither covers.
/// </summary>
public sealed partial class PredictionRollups(ILeadScoringDbFactory dbFactory, TimeProvider time)
{
    public const long HourMs = 3_600_000;

    public const long MinuteMs = 60_000;

    /// <summary>How long after its end an hour is rolled up: predictions still in the telemetry queue land first.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long after its end a minute is rolled up. Only a matter of cost: a prediction that lands later still updates
    /// its minute (<see cref="ApplyAsync"/>). Short, because the raw rows after the minute watermark are read row by
    /// row: with 1 minute, a busy hour's last 1–2 minutes (130,000 rows at 1,300/s) cost a 1-hour window 1.5 s.
    /// </summary>
    public static readonly TimeSpan MinuteGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The minute watermark moves in steps of this, also inside the open minute: the open minute's row then holds its
    /// rows up to the watermark and is topped up at each step, so a read takes at most grace + step of raw rows. At
    /// 11,000 predictions/s a whole open minute read row by row (up to 660,000 rows) cost every Scores and Latency page
    /// 0.6 s on SQLite.
    /// </summary>
    public static readonly TimeSpan MinuteStep = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How far back minute rollups are kept (counted from the start of the current hour). Readers use them only from an
    /// hour later than that, so a read that started just before older minutes were deleted still finds its rows.
    /// 26 h: a 24-hour window's partial first hour is still in minutes.
    /// </summary>
    public TimeSpan MinuteRetention { get; init; } = TimeSpan.FromHours(26);

    public static long FloorHour(long ms) => Floor(ms, HourMs);

    public static long CeilHour(long ms) => Ceil(ms, HourMs);

    public static long FloorMinute(long ms) => Floor(ms, MinuteMs);

    /// <summary>
    /// Rolls up every closed minute and hour not yet rolled up and returns the hour watermark. Cheap when there is
    /// nothing to do (no store access); the first call on a store of a million predictions takes a couple of seconds.
    /// </summary>
    public async Task<long> AdvanceAsync(CancellationToken cancellationToken = default) => (await AdvanceMarksAsync(cancellationToken)).Hours;

    /// <summary>True when minute rollups may serve the whole window (buckets finer than an hour stay cheap).</summary>
    public bool MinutesCover(TimeWindow window) => window.FromMs >= ReadHorizon();

    /// <summary>
    /// Per-bucket aggregates of the predictions in <paramref name="window"/> (optionally of one model version):
    /// bucket start → aggregate, for buckets of <paramref name="bucketMs"/> (a multiple of a minute, or
    /// <see cref="long.MaxValue"/> for one bucket keyed 0). Exact counts, sums and bins; only quantiles are estimated.
    /// Buckets finer than an hour cannot use the hour layer: they read minutes where kept, raw rows elsewhere.
    /// </summary>
    public async Task<SortedDictionary<long, PredictionAggregate>> ReadAsync(TimeWindow window, int? modelVersionId, long bucketMs,
        CancellationToken cancellationToken = default)
    {
        if (bucketMs != long.MaxValue && (bucketMs <= 0 || bucketMs % MinuteMs != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(bucketMs), bucketMs, "Rollup buckets are whole minutes.");
        }
        await AdvanceMarksAsync(cancellationToken);
        var buckets = new SortedDictionary<long, PredictionAggregate>();
        PredictionAggregate Bucket(long ms) => For(buckets, bucketMs == long.MaxValue ? 0 : ms / bucketMs * bucketMs);

        await using var db = dbFactory.CreateDbContext();
        var plan = Layout(window, await ReadableMarksAsync(db, cancellationToken), hours: bucketMs == long.MaxValue || bucketMs % HourMs == 0);
        await foreach (var hour in Hours(db, plan.Hours, modelVersionId).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Bucket(hour.HourMs).Merge(hour);
        }
        foreach (var range in plan.Minutes)
        {
            await foreach (var minute in Minutes(db, range, modelVersionId).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                Bucket(minute.MinuteMs).Merge(minute);
            }
        }
        foreach (var range in plan.Raw)
        {
            await foreach (var point in Points(db, range.From, range.To, modelVersionId).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                Bucket(point.TimestampMs).Add(point);
            }
        }
        return buckets;
    }

    /// <summary>Number of predictions in the window (optionally of one model version), from the rollups and the edges.</summary>
    public async Task<long> CountAsync(TimeWindow window, int? modelVersionId, CancellationToken cancellationToken = default)
    {
        await AdvanceMarksAsync(cancellationToken);
        await using var db = dbFactory.CreateDbContext();
        var plan = Layout(window, await ReadableMarksAsync(db, cancellationToken), hours: true);
        var count = await Hours(db, plan.Hours, modelVersionId).SumAsync(r => r.Count, cancellationToken);
        foreach (var range in plan.Minutes)
        {
            count += await Minutes(db, range, modelVersionId).SumAsync(r => r.Count, cancellationToken);
        }
        foreach (var range in plan.Raw)
        {
            count += await Points(db, range.From, range.To, modelVersionId).LongCountAsync(cancellationToken);
        }
        return count;
    }

    /// <summary>
    /// Predictions per (hour, model version) of the rolled-up hours in [<paramref name="fromMs"/>, <paramref name="toMs"/>),
    /// exact (every later write updates them), and the end of the rolled-up hours: hours from there on are not listed.
    /// </summary>
    public async Task<(long RolledUpTo, Dictionary<(long Hour, int Version), long> Counts)> HourCountsAsync(long fromMs, long toMs,
        int? modelVersionId, CancellationToken cancellationToken = default)
    {
        var rolledUpTo = await AdvanceAsync(cancellationToken);
        await using var db = dbFactory.CreateDbContext();
        var rows = await Hours(db, new Range(fromMs, Math.Min(toMs, rolledUpTo)), modelVersionId)
            .GroupBy(r => new { r.HourMs, r.ModelVersionId })
            .Select(g => new { g.Key.HourMs, g.Key.ModelVersionId, Count = g.Sum(r => r.Count) })
            .ToListAsync(cancellationToken);
        return (rolledUpTo, rows.Where(r => r.Count != 0).ToDictionary(r => (r.HourMs, r.ModelVersionId), r => r.Count));
    }

    /// <summary>The columns the rollups keep, for predictions about to be deleted (read them before deleting).</summary>
    public static IQueryable<PredictionPoint> PointsOf(IQueryable<PredictionRecord> predictions) =>
        predictions.Select(p => new PredictionPoint(p.TimestampMs, p.ModelVersionId, p.Score, p.PredictedEngaged, p.InferenceMs, p.EndToEndMs));

    private static long Floor(long ms, long unit) => ms - ((ms % unit) + unit) % unit;

    private static long Ceil(long ms, long unit) => Floor(ms, unit) == ms ? ms : Floor(ms, unit) + unit;

    // Minutes older than this may be deleted while a read runs (see MinuteRetention).
    private long ReadHorizon() =>
        FloorHour(time.GetUtcNow().ToUnixTimeMilliseconds()) - (long)MinuteRetention.TotalMilliseconds + HourMs;

    private async Task<Marks> ReadableMarksAsync(LeadScoringDbContext db, CancellationToken cancellationToken)
    {
        var marks = await MarksAsync(db, cancellationToken);
        return marks with { MinutesFrom = Math.Max(marks.MinutesFrom, ReadHorizon()) };
    }

    /// <summary>Which parts of the window each layer answers: whole hours, then whole minutes of the rest, raw rows for the remainder.</summary>
    private static ReadPlan Layout(TimeWindow window, Marks marks, bool hours)
    {
        var hourFrom = CeilHour(Math.Max(0, window.FromMs));
        var hourTo = hours ? Math.Max(hourFrom, Math.Min(FloorHour(window.ToMs), marks.Hours)) : hourFrom;
        var minutes = new List<Range>();
        var raw = new List<Range>();
        foreach (var rest in Outside(new Range(window.FromMs, window.ToMs), hourFrom, hourTo))
        {
            var from = Math.Max(Ceil(Math.Max(0, rest.From), MinuteMs), marks.MinutesFrom);
            // The watermark's own minute holds exactly its rows before the watermark, so a window reaching past the
            // watermark uses that row too; one ending before it reads its partial minute as rows.
            var to = marks.MinutesTo <= rest.To ? marks.MinutesTo : FloorMinute(rest.To);
            if (from < to)
            {
                minutes.Add(new Range(from, to));
                raw.AddRange(Outside(rest, from, to));
            }
            else
            {
                raw.Add(rest);
            }
        }
        return new ReadPlan(new Range(hourFrom, hourTo), minutes, raw);
    }

    // The parts of range outside [coveredFrom, coveredTo): before it and after it.
    private static IEnumerable<Range> Outside(Range range, long coveredFrom, long coveredTo)
    {
        if (coveredFrom >= coveredTo)
        {
            yield return range;
            yield break;
        }
        if (range.From < Math.Min(coveredFrom, range.To))
        {
            yield return new Range(range.From, Math.Min(coveredFrom, range.To));
        }
        var after = Math.Max(coveredTo, range.From);
        if (after < range.To)
        {
            yield return new Range(after, range.To);
        }
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

    private static IQueryable<PredictionRollupRecord> Hours(LeadScoringDbContext db, Range range, int? modelVersionId)
    {
        var hours = db.PredictionRollups.AsNoTracking().Where(r => r.HourMs >= range.From && r.HourMs < range.To);
        return modelVersionId is { } id ? hours.Where(r => r.ModelVersionId == id) : hours;
    }

    private static IQueryable<PredictionMinuteRollupRecord> Minutes(LeadScoringDbContext db, Range range, int? modelVersionId)
    {
        var minutes = db.PredictionMinuteRollups.AsNoTracking().Where(r => r.MinuteMs >= range.From && r.MinuteMs < range.To);
        return modelVersionId is { } id ? minutes.Where(r => r.ModelVersionId == id) : minutes;
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

    private readonly record struct Range(long From, long To);

    private sealed record ReadPlan(Range Hours, IReadOnlyList<Range> Minutes, IReadOnlyList<Range> Raw);
}
