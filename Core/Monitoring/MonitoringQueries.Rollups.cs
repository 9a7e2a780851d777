using LeadScoring.Engine.Statistics;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.EntityFrameworkCore;
using LeadScoring.Core.Predictions;

namespace LeadScoring.Core.Monitoring;

/// <summary>
/// Large time windows from the hourly rollups: a 30-day window reads ~720 rolled-up hours plus the raw rows of its
/// partial hours at either end, instead of a million predictions.
/// </summary>
public sealed partial class MonitoringQueries
{
    // A time window (not one batch) whose buckets are whole hours can be answered from the rollups.
    private static bool UsesRollups(PredictionFilter filter, long bucketMs) =>
        filter.BatchId is null && bucketMs % PredictionRollups.HourMs == 0;

    private async Task<long> CountAsync(LeadScoringDbContext db, PredictionFilter filter, CancellationToken cancellationToken) =>
        filter.BatchId is null
            ? await rollups.CountAsync(filter.Window, filter.ModelVersionId, cancellationToken)
            : await Filtered(db, filter).LongCountAsync(cancellationToken);

    /// <summary>
    /// Score bins and sums from the rollups; the share at or above the threshold is counted exactly in SQL alongside
    /// (one pass over the window index), since the bins alone only bound it to the threshold's bin.
    /// </summary>
    private async Task<(PredictionAggregate Aggregate, ScoreSummary Summary)> RolledUpScoresAsync(PredictionFilter filter, double threshold,
        CancellationToken cancellationToken)
    {
        var read = rollups.ReadAsync(filter.Window, filter.ModelVersionId, long.MaxValue, cancellationToken);
        var atOrAbove = CountAtOrAboveAsync(filter, threshold, cancellationToken);
        await Task.WhenAll(read, atOrAbove);
        var aggregate = read.Result.Values.SingleOrDefault() ?? new PredictionAggregate();
        return (aggregate, BinnedSummary(aggregate.Count, aggregate.ScoreSum, aggregate.ScoreSumSquares, aggregate.ScoreValueBins(),
            atOrAbove.Result, threshold));
    }

    private async Task<long> CountAtOrAboveAsync(PredictionFilter filter, double threshold, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        return await Filtered(db, filter).LongCountAsync(p => p.Score >= threshold, cancellationToken);
    }

    private async Task<LatencyReport> RolledUpLatencyAsync(PredictionFilter filter, long bucket, CancellationToken cancellationToken)
    {
        var buckets = await rollups.ReadAsync(filter.Window, filter.ModelVersionId, bucket, cancellationToken);
        var all = new PredictionAggregate();
        foreach (var aggregate in buckets.Values)
        {
            all.Merge(aggregate);
        }
        var inference = all.InferenceValueBins();
        var endToEnd = all.EndToEndValueBins();
        var nonEmpty = buckets.Where(b => b.Value.Count > 0).ToList();
        return new LatencyReport(
            all.Count,
            BinnedQuantiles.Linear(inference, 0.50), BinnedQuantiles.Linear(inference, 0.95), BinnedQuantiles.Linear(inference, 0.99),
            BinnedQuantiles.Linear(endToEnd, 0.50), BinnedQuantiles.Linear(endToEnd, 0.95), BinnedQuantiles.Linear(endToEnd, 0.99),
            [.. nonEmpty.Select(b => BinnedPoint(b.Key, b.Value.InferenceValueBins()))],
            [.. nonEmpty.Select(b => BinnedPoint(b.Key, b.Value.EndToEndValueBins()))],
            inference.Count == 0 ? null : LatencyHistogram(inference, 30), Approximate: true);
    }
}
