using LeadScoring.Engine.Statistics;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.EntityFrameworkCore;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Core.Monitoring;

/// <summary>
/// The dashboard's read side. Everything is aggregated in SQL or streamed as narrow projections over the
/// (TimestampMs, Score) and (BatchId, Score) indexes; no page loads whole rows of a large table. Time windows of more
/// than <see cref="ExactRowLimit"/> predictions read the hourly rollups (<see cref="PredictionRollups"/>) where their
/// buckets are whole hours, and fine SQL bins otherwise.
/// </summary>
public sealed partial class MonitoringQueries(ILeadScoringDbFactory dbFactory, PredictionRollups rollups)
{
    /// <summary>Queries with their own rollup reader on the system clock (tools and tests).</summary>
    public MonitoringQueries(ILeadScoringDbFactory dbFactory)
        : this(dbFactory, new PredictionRollups(dbFactory, TimeProvider.System))
    {
    }

    /// <summary>
    /// Largest number of predictions whose quantiles are computed exactly, by loading the values; above it they are
    /// estimated from the rollups (<see cref="ScoreSummary.Approximate"/>, <see cref="LatencyReport.Approximate"/>).
    /// Loading 200,000 doubles took 0.2–0.5 s on the SQLite store, most of a page's 500 ms budget; 50,000 stay under ~0.1 s.
    /// </summary>
    public long ExactRowLimit { get; init; } = 50_000;

    /// <summary>Counts of scores in <paramref name="bins"/> equal bins over [0, 1].</summary>
    public async Task<Histogram> ScoreHistogramAsync(PredictionFilter filter, int bins = 20, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        // floor, not a cast, on PostgreSQL: its CAST rounds (notes/stack.md). SQLite's truncates, which is floor for
        // scores in [0, 1] and ~40 % cheaper than its floor() over a million rows.
        var query = Filtered(db, filter);
        var grouped = db is SqliteLeadScoringDbContext
            ? query.GroupBy(p => (double)(long)(p.Score * bins))
            : query.GroupBy(p => Math.Floor(p.Score * bins));
        var groups = await grouped
            .Select(g => new { Bucket = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var counts = new long[bins];
        foreach (var g in groups)
        {
            counts[Math.Clamp((int)g.Bucket, 0, bins - 1)] += g.Count; // a score of exactly 1 joins the last bin
        }
        return new Histogram(0, 1, counts);
    }

    /// <summary>
    /// Mean, median, standard deviation, p95 and share at or above <paramref name="threshold"/>: exact up to
    /// <see cref="ExactRowLimit"/> scores, above it from one pass of SQL aggregates over fine score bins
    /// (count, mean, deviation and share still exact; quantiles within 0.001).
    /// </summary>
    public async Task<ScoreSummary> ScoreSummaryAsync(PredictionFilter filter, double threshold, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var count = await CountAsync(db, filter, cancellationToken);
        if (count > ExactRowLimit)
        {
            return filter.BatchId is null
                ? (await RolledUpScoresAsync(filter, threshold, cancellationToken)).Summary
                : SummaryFromBins(await FineScoreBinsAsync(db, filter, threshold, cancellationToken), threshold);
        }
        var scores = await Filtered(db, filter).Select(p => p.Score).ToArrayAsync(cancellationToken);
        if (scores.Length == 0)
        {
            return new ScoreSummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, threshold);
        }
        Array.Sort(scores);
        var mean = scores.Average();
        var variance = scores.Sum(s => (s - mean) * (s - mean)) / scores.Length; // population, as numpy.std
        var above = scores.Count(s => s >= threshold);
        return new ScoreSummary(scores.Length, mean, Quantiles.Linear(scores, 0.5), Math.Sqrt(variance),
            Quantiles.Linear(scores, 0.95), (double)above / scores.Length, threshold);
    }

    /// <summary>
    /// The score histogram and summary together. Above <see cref="ExactRowLimit"/> scores both come from a single
    /// pass over fine bins (when <paramref name="bins"/> divides <see cref="ScoreQuantileBins"/>), which halves the
    /// work on a large window; otherwise this is <see cref="ScoreHistogramAsync"/> and <see cref="ScoreSummaryAsync"/>.
    /// </summary>
    public async Task<(Histogram Histogram, ScoreSummary Summary)> ScoreDistributionAsync(PredictionFilter filter, double threshold,
        int bins = 20, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        if (ScoreQuantileBins % bins == 0 && await CountAsync(db, filter, cancellationToken) > ExactRowLimit)
        {
            if (filter.BatchId is null)
            {
                var (aggregate, rolledUp) = await RolledUpScoresAsync(filter, threshold, cancellationToken);
                return (new Histogram(0, 1, aggregate.ScoreHistogram(bins)), rolledUp);
            }
            var fine = await FineScoreBinsAsync(db, filter, threshold, cancellationToken);
            return (Coarsen(fine, bins), SummaryFromBins(fine, threshold));
        }
        var histogram = ScoreHistogramAsync(filter, bins, cancellationToken);
        var summary = ScoreSummaryAsync(filter, threshold, cancellationToken);
        await Task.WhenAll(histogram, summary);
        return (histogram.Result, summary.Result);
    }

    /// <summary>Volume, mean score and engaged share per time bucket.</summary>
    public async Task<IReadOnlyList<ScoreTrendPoint>> ScoreTrendAsync(PredictionFilter filter, CancellationToken cancellationToken = default)
    {
        var bucket = filter.Window.BucketMs();
        if (UsesRollups(filter, bucket))
        {
            var buckets = await rollups.ReadAsync(filter.Window, filter.ModelVersionId, bucket, cancellationToken);
            return [.. buckets.Where(b => b.Value.Count > 0).Select(b =>
                new ScoreTrendPoint(FromMs(b.Key), b.Value.Count, b.Value.ScoreSum / b.Value.Count, (double)b.Value.Engaged / b.Value.Count))];
        }
        await using var db = dbFactory.CreateDbContext();
        var rows = await Filtered(db, filter)
            .GroupBy(p => p.TimestampMs / bucket)
            .Select(g => new { g.Key, Count = g.LongCount(), Mean = g.Average(p => p.Score), Engaged = g.Count(p => p.PredictedEngaged) })
            .OrderBy(g => g.Key)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ScoreTrendPoint(FromMs(r.Key * bucket), r.Count, r.Mean, (double)r.Engaged / r.Count))];
    }

    /// <summary>Predictions per time bucket.</summary>
    public async Task<IReadOnlyList<CountPoint>> ThroughputAsync(PredictionFilter filter, CancellationToken cancellationToken = default)
    {
        var bucket = filter.Window.BucketMs();
        if (UsesRollups(filter, bucket))
        {
            var buckets = await rollups.ReadAsync(filter.Window, filter.ModelVersionId, bucket, cancellationToken);
            return [.. buckets.Where(b => b.Value.Count > 0).Select(b => new CountPoint(FromMs(b.Key), b.Value.Count))];
        }
        await using var db = dbFactory.CreateDbContext();
        var rows = await Filtered(db, filter)
            .GroupBy(p => p.TimestampMs / bucket)
            .Select(g => new { g.Key, Count = g.LongCount() })
            .OrderBy(g => g.Key)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new CountPoint(FromMs(r.Key * bucket), r.Count))];
    }

    /// <summary>
    /// Inference and end-to-end latency percentiles, overall and per time bucket: exact up to <see cref="ExactRowLimit"/>
    /// predictions, estimated from logarithmic SQL bins above it.
    /// </summary>
    public async Task<LatencyReport> LatencyAsync(PredictionFilter filter, CancellationToken cancellationToken = default)
    {
        var bucket = filter.Window.BucketMs(120);
        await using var db = dbFactory.CreateDbContext();
        var count = await CountAsync(db, filter, cancellationToken);
        if (count > ExactRowLimit)
        {
            return UsesRollups(filter, bucket)
                ? await RolledUpLatencyAsync(filter, bucket, cancellationToken)
                : await ApproximateLatencyAsync(filter, bucket, cancellationToken);
        }
        var rows = await Filtered(db, filter)
            .Select(p => new { p.TimestampMs, p.InferenceMs, p.EndToEndMs })
            .ToListAsync(cancellationToken);
        var inference = rows.Select(r => r.InferenceMs).ToArray();
        var endToEnd = rows.Select(r => r.EndToEndMs).ToArray();
        Array.Sort(inference);
        Array.Sort(endToEnd);
        var byBucket = rows.GroupBy(r => r.TimestampMs / bucket).OrderBy(g => g.Key).ToList();
        return new LatencyReport(
            rows.Count,
            Quantiles.Linear(inference, 0.50), Quantiles.Linear(inference, 0.95), Quantiles.Linear(inference, 0.99),
            Quantiles.Linear(endToEnd, 0.50), Quantiles.Linear(endToEnd, 0.95), Quantiles.Linear(endToEnd, 0.99),
            [.. byBucket.Select(g => Point(g.Key * bucket, g.Select(r => r.InferenceMs)))],
            [.. byBucket.Select(g => Point(g.Key * bucket, g.Select(r => r.EndToEndMs)))],
            inference.Length == 0 ? null : EqualWidth(inference, 30));
    }

    /// <summary>Requests, server and client errors in a window.</summary>
    public async Task<RequestSummary> RequestsAsync(TimeWindow window, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var inWindow = db.ApiRequests.Where(r => r.TimestampMs >= window.FromMs && r.TimestampMs < window.ToMs);
        var total = await inWindow.LongCountAsync(cancellationToken);
        var server = await inWindow.LongCountAsync(r => r.StatusCode >= 500, cancellationToken);
        var client = await inWindow.LongCountAsync(r => r.StatusCode >= 400 && r.StatusCode < 500, cancellationToken);
        return new RequestSummary(total, server, client, total / Math.Max(1.0, window.Length.TotalMinutes));
    }

    /// <summary>Healthy share of the probes of <paramref name="target"/> in a window.</summary>
    public async Task<UptimeSummary> UptimeAsync(string target, TimeWindow window, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var probes = db.HealthProbes.Where(h => h.Target == target && h.TimestampMs >= window.FromMs && h.TimestampMs < window.ToMs);
        return new UptimeSummary(await probes.LongCountAsync(cancellationToken), await probes.LongCountAsync(h => h.Healthy, cancellationToken));
    }

    /// <summary>The newest prediction's time, or null when none is stored.</summary>
    public async Task<DateTimeOffset?> LastPredictionAsync(CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var last = await db.Predictions.OrderByDescending(p => p.TimestampMs).Select(p => (long?)p.TimestampMs).FirstOrDefaultAsync(cancellationToken);
        return last is { } ms ? FromMs(ms) : null;
    }

    private static IQueryable<PredictionRecord> Filtered(LeadScoringDbContext db, PredictionFilter filter)
    {
        var query = db.Predictions.AsNoTracking();
        if (filter.BatchId is { } batch)
        {
            query = query.Where(p => p.BatchId == batch);
        }
        else
        {
            query = query.Where(p => p.TimestampMs >= filter.Window.FromMs && p.TimestampMs < filter.Window.ToMs);
        }
        if (filter.ModelVersionId is { } version)
        {
            query = query.Where(p => p.ModelVersionId == version);
        }
        return query;
    }

    private static LatencyPoint Point(long ms, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return new LatencyPoint(FromMs(ms), sorted.Length, Quantiles.Linear(sorted, 0.5), Quantiles.Linear(sorted, 0.95), Quantiles.Linear(sorted, 0.99));
    }

    private static Histogram EqualWidth(double[] sorted, int bins)
    {
        var min = sorted[0];
        var max = sorted[^1] > min ? sorted[^1] : min + 1;
        var counts = new long[bins];
        var width = (max - min) / bins;
        foreach (var v in sorted)
        {
            counts[Math.Min(bins - 1, (int)((v - min) / width))]++;
        }
        return new Histogram(min, max, counts);
    }

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
