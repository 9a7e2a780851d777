using LeadScoring.Core.Models;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Domain;
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
/// <remarks>
/// The client's latency must not change with a challenger, so the work runs on one dedicated thread at the lowest CPU
/// priority (<see cref="ShadowOptions.WorkerNice"/>): it uses what the request path leaves idle, and when there is no
/// idle CPU it falls behind, the bounded <see cref="ShadowQueue"/> fills and new rows are dropped and counted. Each pass
/// scores everything queued (up to <see cref="ShadowOptions.RowsPerWrite"/>) in one ONNX call and stores it with a
/// prepared statement or COPY.
/// </remarks>
public sealed class ShadowWorker(ShadowQueue queue, ChallengerHolder challenger, ILeadScoringDbFactory dbFactory,
    IOptions<ShadowOptions> options, ILogger<ShadowWorker> logger) : BackgroundService
{
    private long _stored;

    /// <summary>Challenger scores stored so far by this worker.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
                finished.SetResult();
            }
            catch (Exception ex)
            {
                finished.SetException(ex);
            }
        })
        { IsBackground = true, Name = "Shadow challenger" };
        thread.Start();
        return finished.Task;
    }

    private void Run(CancellationToken stoppingToken)
    {
        if (!LowPriorityThread.Lower(options.Value.WorkerNice))
        {
            logger.LogInformation("The shadow worker runs at normal priority (lowering it is not supported here)");
        }
        var batch = new ShadowBatch(options.Value.RowsPerWrite);
        try
        {
            while (queue.WaitToReadAsync(stoppingToken).AsTask().GetAwaiter().GetResult())
            {
                while (batch.Count < batch.Capacity && queue.TryRead(out var item))
                {
                    batch.Add(item);
                }
                Store(Score(batch), stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shadow scores are evidence, not answers: what is still queued at shutdown is simply not compared.
            queue.CountLost(queue.Count + batch.Count);
        }
    }

    private List<ShadowScoreRecord> Score(ShadowBatch batch)
    {
        var n = batch.Count;
        if (n == 0)
        {
            return [];
        }
        if (!challenger.TryAcquire(out var lease))
        {
            queue.CountLost(n);
            return [];
        }
        using (lease)
        {
            var model = lease.Model;
            try
            {
                var features = new double[n * FeatureSchema.Count];
                var pipeline = model.Pipeline ?? throw new InvalidOperationException($"Challenger {model.VersionId} has no feature pipeline state.");
                pipeline.TransformBatch(batch.Leads, features);
                var probabilities = new double[n];
                model.Scorer.Score(features, probabilities);
                var scored = new List<ShadowScoreRecord>(n);
                for (var i = 0; i < n; i++)
                {
                    scored.Add(new ShadowScoreRecord
                    {
                        Key = batch.Keys[i], TimestampMs = batch.Times[i], ChallengerVersionId = model.RegistryId,
                        Score = probabilities[i], PredictedEngaged = model.IsEngaged(probabilities[i]),
                    });
                }
                return scored;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Challenger {Version} could not score {Rows} shadow rows", model.VersionId, n);
                queue.CountLost(n);
                return [];
            }
        }
    }

    private void Store(List<ShadowScoreRecord> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var db = dbFactory.CreateDbContext();
                ShadowScoreBulkWriter.Write(db, rows);
                Interlocked.Add(ref _stored, rows.Count);
                return;
            }
            catch (Exception ex) when (attempt < 5)
            {
                // A busy store: a short back-off; the bounded queue drops new rows meanwhile.
                logger.LogDebug(ex, "Shadow score write failed (attempt {Attempt}), retrying", attempt);
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200 * attempt));
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Dropped {Count} shadow scores after repeated store failures", rows.Count);
                queue.CountLost(rows.Count);
                return;
            }
        }
    }

    /// <summary>The rows of one pass: several requests' leads side by side, each with its key and time.</summary>
    private sealed class ShadowBatch(int capacity)
    {
        public int Capacity { get; } = capacity;
        public List<RawLead> Leads { get; } = new(capacity);
        public List<Guid> Keys { get; } = new(capacity);
        public List<long> Times { get; } = new(capacity);
        public int Count => Keys.Count;

        public void Add(ShadowItem item)
        {
            Leads.AddRange(item.Leads);
            Keys.AddRange(item.Keys);
            for (var i = 0; i < item.Keys.Length; i++)
            {
                Times.Add(item.TimestampMs);
            }
        }

        public void Clear()
        {
            Leads.Clear();
            Keys.Clear();
            Times.Clear();
        }
    }
}
