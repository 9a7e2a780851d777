using LeadScoring.Engine.Statistics;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.EntityFrameworkCore;
using LeadScoring.Core.Predictions;

namespace LeadScoring.Core.Monitoring;

/// <summary>
/// The approximate paths for windows above <see cref="ExactRowLimit"/>: values are binned in SQL (count, min and max
/// per bin) and quantiles estimated with <see cref="BinnedQuantiles"/>, so no window loads more than a few thousand rows.
/// </summary>
public sealed partial class MonitoringQueries
{
    /// <summary>Score bins over [0, 1] for approximate quantiles: width 0.001, the bound on their error.</summary>
    public const int ScoreQuantileBins = PredictionAggregate.ScoreBinCount;

    /// <summary>Logarithmic latency bins per factor e (see <see cref="PredictionAggregate.LatencyBinsPerE"/>): 1.005 % wide.</summary>
    public const int LatencyBinsPerE = PredictionAggregate.LatencyBinsPerE;

    private const double MinLatencyMs = PredictionAggregate.MinLatencyMs;

    private const double LogOffset = PredictionAggregate.LatencyBinOffset;

    // Bins stay below this up to e^80 ms.
    private const long KeyStride = 10_000;

    private static async Task<List<ScoreBinRow>> FineScoreBinsAsync(LeadScoringDbContext db, PredictionFilter filter, double threshold,
        CancellationToken cancellationToken)
    {
        var query = Filtered(db, filter);
        // SQLite's CAST truncates, which is floor for scores in [0, 1] and ~40 % cheaper than floor(); PostgreSQL's rounds.
        var grouped = db is SqliteLeadScoringDbContext
            ? query.GroupBy(p => (long)(p.Score * ScoreQuantileBins))
            : query.GroupBy(p => (long)Math.Floor(p.Score * ScoreQuantileBins));
        var rows = await grouped
            .Select(g => new
            {
                Bin = g.Key, Count = g.LongCount(), Min = g.Min(p => p.Score), Max = g.Max(p => p.Score),
                Sum = g.Sum(p => p.Score), SumSquares = g.Sum(p => p.Score * p.Score), Above = g.LongCount(p => p.Score >= threshold),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Bin).Select(r => new ScoreBinRow(r.Bin, new ValueBin(r.Min, r.Max, r.Count), r.Sum, r.SumSquares, r.Above))];
    }

    private static ScoreSummary SummaryFromBins(List<ScoreBinRow> rows, double threshold) =>
        BinnedSummary(rows.Sum(r => r.Values.Count), rows.Sum(r => r.Sum), rows.Sum(r => r.SumSquares), [.. rows.Select(r => r.Values)],
            rows.Sum(r => r.Above), threshold);

    /// <summary>A large window's summary: exact count, mean, deviation and share; quantiles from the bins.</summary>
    private static ScoreSummary BinnedSummary(long count, double sum, double sumSquares, IReadOnlyList<ValueBin> bins, long atOrAbove,
        double threshold)
    {
        if (count == 0)
        {
            return new ScoreSummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, threshold);
        }
        var mean = sum / count;
        // E[x²] − E[x]²: scores lie in [0, 1], so the cancellation costs nothing visible (~1e-15).
        var std = Math.Sqrt(Math.Max(0, sumSquares / count - mean * mean));
        return new ScoreSummary(count, mean, BinnedQuantiles.Linear(bins, 0.5), std, BinnedQuantiles.Linear(bins, 0.95),
            (double)atOrAbove / count, threshold, Approximate: true);
    }

    /// <summary>
    /// Merges fine bins into <paramref name="bins"/> equal bins (fine bin i of width 0.001 lies inside coarse bin
    /// i / (1000 / bins)); a score of exactly 1 joins the last bin, as in <see cref="ScoreHistogramAsync"/>.
    /// </summary>
    private static Histogram Coarsen(List<ScoreBinRow> rows, int bins)
    {
        var counts = new long[bins];
        var per = ScoreQuantileBins / bins;
        foreach (var row in rows)
        {
            counts[Math.Clamp((int)(row.Bin / per), 0, bins - 1)] += row.Values.Count;
        }
        return new Histogram(0, 1, counts);
    }

    // Each aggregate is one full pass over the window's index range: run the two kinds side by side, each on its own context.
    private async Task<LatencyReport> ApproximateLatencyAsync(PredictionFilter filter, long bucket, CancellationToken cancellationToken)
    {
        var inferenceTask = LatencyBinsAsync(filter, bucket, inference: true, cancellationToken);
        var endToEndTask = LatencyBinsAsync(filter, bucket, inference: false, cancellationToken);
        await Task.WhenAll(inferenceTask, endToEndTask);
        var (inference, endToEnd) = (inferenceTask.Result, endToEndTask.Result);
        var inferenceAll = Overall(inference);
        var endToEndAll = Overall(endToEnd);
        var histogram = LatencyHistogram(inferenceAll, 30);
        return new LatencyReport(
            inferenceAll.Sum(b => b.Count),
            BinnedQuantiles.Linear(inferenceAll, 0.50), BinnedQuantiles.Linear(inferenceAll, 0.95), BinnedQuantiles.Linear(inferenceAll, 0.99),
            BinnedQuantiles.Linear(endToEndAll, 0.50), BinnedQuantiles.Linear(endToEndAll, 0.95), BinnedQuantiles.Linear(endToEndAll, 0.99),
            Series(inference, bucket), Series(endToEnd, bucket), histogram, Approximate: true);
    }

    private async Task<List<LatencyBinRow>> LatencyBinsAsync(PredictionFilter filter, long bucket, bool inference, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var samples = inference
            ? Filtered(db, filter).Select(p => new TimedValue { TimestampMs = p.TimestampMs, Value = p.InferenceMs })
            : Filtered(db, filter).Select(p => new TimedValue { TimestampMs = p.TimestampMs, Value = p.EndToEndMs });
        // The offset keeps ln(x)·k positive (x ≥ MinLatencyMs) so that SQLite's truncating CAST is a floor. Time bucket and
        // bin share one integer key: SQLite sorts to group, and one integer column sorts ~40 % faster than two.
        var grouped = db is SqliteLeadScoringDbContext
            ? samples.GroupBy(s => s.TimestampMs / bucket * KeyStride
                + (long)(Math.Log(s.Value > MinLatencyMs ? s.Value : MinLatencyMs) * LatencyBinsPerE + LogOffset))
            : samples.GroupBy(s => s.TimestampMs / bucket * KeyStride
                + (long)Math.Floor(Math.Log(s.Value > MinLatencyMs ? s.Value : MinLatencyMs) * LatencyBinsPerE + LogOffset));
        var rows = await grouped
            .Select(g => new { g.Key, Count = g.LongCount(), Min = g.Min(s => s.Value), Max = g.Max(s => s.Value) })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new LatencyBinRow(r.Key / KeyStride, r.Key % KeyStride, new ValueBin(r.Min, r.Max, r.Count)))];
    }

    private static List<ValueBin> Overall(List<LatencyBinRow> rows) =>
        [.. rows.GroupBy(r => r.Bin).OrderBy(g => g.Key)
            .Select(g => new ValueBin(g.Min(r => r.Values.Min), g.Max(r => r.Values.Max), g.Sum(r => r.Values.Count)))];

    private static List<LatencyPoint> Series(List<LatencyBinRow> rows, long bucket) =>
        [.. rows.GroupBy(r => r.Time).OrderBy(g => g.Key).Select(g => BinnedPoint(g.Key * bucket, [.. g.OrderBy(r => r.Bin).Select(r => r.Values)]))];

    private static LatencyPoint BinnedPoint(long ms, IReadOnlyList<ValueBin> bins) =>
        new(FromMs(ms), bins.Sum(b => b.Count), BinnedQuantiles.Linear(bins, 0.50), BinnedQuantiles.Linear(bins, 0.95), BinnedQuantiles.Linear(bins, 0.99));

    /// <summary>
    /// The exact path's equal-width bins between the exact extremes, filled from the logarithmic bins: each one's count
    /// goes to the bin holding its midpoint, so only values within one log bin (1 %) of an edge may land next door.
    /// </summary>
    private static Histogram LatencyHistogram(IReadOnlyList<ValueBin> bins, int count)
    {
        var min = bins[0].Min;
        var max = bins[^1].Max > min ? bins[^1].Max : min + 1;
        var counts = new long[count];
        var width = (max - min) / count;
        foreach (var bin in bins)
        {
            counts[Math.Clamp((int)(((bin.Min + bin.Max) / 2 - min) / width), 0, count - 1)] += bin.Count;
        }
        return new Histogram(min, max, counts);
    }

    private sealed class TimedValue
    {
        public long TimestampMs { get; init; }
        public double Value { get; init; }
    }

    private sealed record ScoreBinRow(long Bin, ValueBin Values, double Sum, double SumSquares, long Above);

    private sealed record LatencyBinRow(long Time, long Bin, ValueBin Values);
}
