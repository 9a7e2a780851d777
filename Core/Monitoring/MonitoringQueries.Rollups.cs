using LeadScoring.Engine.Statistics;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.EntityFrameworkCore;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Core.Monitoring;

/// <summary>
/// Large time windows from the hourly rollups: a 30-day window reads ~720 rolled-up hours plus the raw rows of its
/// partial hours at either end, instead of a million predictions.
/// </summary>
public sealed partial class MonitoringQueries
{
    // A time window (not one batch) whose buckets are whole hours, or whole minutes within the minute rollups' reach,
    // can be answered from the rollups.
    private bool UsesRollups(PredictionFilter filter, long bucketMs) =>
        filter.BatchId is null && (bucketMs % PredictionRollups.HourMs == 0
            || (bucketMs % PredictionRollups.MinuteMs == 0 && rollups.MinutesCover(filter.Window)));

    private async Task<long> CountAsync(LeadScoringDbContext db, PredictionFilter filter, CancellationToken cancellationToken) =>
        filter.BatchId is null
            ? await rollups.CountAsync(filter.Window, filter.ModelVersionId, cancellationToken)
            : await Filtered(db, filter).LongCountAsync(cancellationToken);

    /// <summary>
    /// Score bins and sums from the rollups. The share at or above the threshold comes from the bins when the threshold
    /// lies on a bin edge (0.5, 0.35: exact, see <see cref="PredictionAggregate.ScoreBin"/>); any other threshold is
    /// counted exactly in SQL alongside (one pass over the window index).
    /// </summary>
    private async Task<(PredictionAggregate Aggregate, ScoreSummary Summary)> RolledUpScoresAsync(PredictionFilter filter, double threshold,
        CancellationToken cancellationToken)
    {
        var read = rollups.ReadAsync(filter.Window, filter.ModelVersionId, long.MaxValue, cancellationToken);
        var atOrAbove = PredictionAggregate.ThresholdEdge(threshold) is null
            ? CountAtOrAboveAsync(filter, threshold, cancellationToken)
            : Task.FromResult(-1L);
        await Task.WhenAll(read, atOrAbove);
        var aggregate = read.Result.Values.SingleOrDefault() ?? new PredictionAggregate();
        return (aggregate, BinnedSummary(aggregate.Count, aggregate.ScoreSum, aggregate.ScoreSumSquares, aggregate.ScoreValueBins(),
            aggregate.AtOrAbove(threshold) ?? atOrAbove.Result, threshold));
    }

    /// <summary>Predictions in a time window (optionally of one model version), from the rollups: no scan of the window.</summary>
    public Task<long> PredictionCountAsync(TimeWindow window, int? modelVersionId = null, CancellationToken cancellationToken = default) =>
        rollups.CountAsync(window, modelVersionId, cancellationToken);

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
