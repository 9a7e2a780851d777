using LeadScoring.Core.Models;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Shadow;

/// <summary>
/// Scores queued rows with the live challenger (its own feature pipeline, its own threshold) and stores them beside
/// the champion's predictions, off the request path. Rows arriving after the challenger was cleared are counted as
/// lost, never scored by another version.
/// </summary>
public sealed class ShadowWorker(ShadowQueue queue, ChallengerHolder challenger, ILeadScoringDbFactory dbFactory,
    IOptions<ShadowOptions> options, ILogger<ShadowWorker> logger) : BackgroundService
{
    private long _stored;

    /// <summary>Challenger scores stored so far by this worker.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var rowsPerWrite = options.Value.RowsPerWrite;
        var scored = new List<ShadowScoreRecord>(rowsPerWrite);
        try
        {
            while (await queue.WaitToReadAsync(stoppingToken))
            {
                while (scored.Count < rowsPerWrite && queue.TryRead(out var item))
                {
                    Score(item, scored);
                }
                await StoreAsync(scored, stoppingToken);
                scored.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shadow scores are evidence, not answers: what is still queued at shutdown is simply not compared.
            queue.CountLost(queue.Count + scored.Count);
        }
    }

    private void Score(ShadowItem item, List<ShadowScoreRecord> into)
    {
        if (!challenger.TryAcquire(out var lease))
        {
            queue.CountLost(item.Keys.Length);
            return;
        }
        using (lease)
        {
            var model = lease.Model;
            try
            {
                var n = item.Leads.Count;
                var features = new double[n * FeatureSchema.Count];
                var pipeline = model.Pipeline ?? throw new InvalidOperationException($"Challenger {model.VersionId} has no feature pipeline state.");
                pipeline.TransformBatch(item.Leads, features);
                var probabilities = new double[n];
                model.Scorer.Score(features, probabilities);
                for (var i = 0; i < n; i++)
                {
                    into.Add(new ShadowScoreRecord
                    {
                        Key = item.Keys[i], TimestampMs = item.TimestampMs, ChallengerVersionId = model.RegistryId,
                        Score = probabilities[i], PredictedEngaged = model.IsEngaged(probabilities[i]),
                    });
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Challenger {Version} could not score {Rows} shadow rows", model.VersionId, item.Keys.Length);
                queue.CountLost(item.Keys.Length);
            }
        }
    }

    private async Task StoreAsync(List<ShadowScoreRecord> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = dbFactory.CreateDbContext();
                db.ShadowScores.AddRange(rows);
                await db.SaveChangesAsync(cancellationToken);
                Interlocked.Add(ref _stored, rows.Count);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < 5)
            {
                // A busy store: a short back-off; the bounded queue drops new rows meanwhile.
                logger.LogDebug(ex, "Shadow score write failed (attempt {Attempt}), retrying", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Dropped {Count} shadow scores after repeated store failures", rows.Count);
                queue.CountLost(rows.Count);
                return;
            }
        }
    }
}
