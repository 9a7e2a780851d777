using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Storage;
using LeadScoring.Engine.Training;
using Microsoft.Extensions.Logging;

namespace LeadScoring.Core.Models;

/// <summary>
/// Retraining in the background: jobs wait in a bounded queue and run one at a time (<see cref="RunAsync"/> is
/// driven by a hosted worker), report progress through <see cref="StoreChangeNotifier"/>, can be cancelled, and end
/// with a registered candidate compared with the champion on the same holdout rows. Authorization is the caller's
/// job (the dashboard's AdminGuard).
/// </summary>
public sealed class RetrainService(
    RetrainDataLoader loader, ModelRegistry registry, ChampionHolder champion, StoreChangeNotifier notifier, TimeProvider time,
    ILogger<RetrainService> logger)
{
    /// <summary>Jobs that may wait behind the running one; more are refused.</summary>
    public const int QueueCapacity = 3;

    private const int MaxJobsKept = 20;

    private readonly Channel<RetrainJob> _queue = Channel.CreateBounded<RetrainJob>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly Lock _gate = new();
    private readonly List<RetrainJob> _jobs = [];

    /// <summary>Trainer settings (tests use fewer trees).</summary>
    public LeadModelTrainerOptions? TrainerOptions { get; set; }

    /// <summary>Recent jobs, newest first.</summary>
    public IReadOnlyList<RetrainJob> Jobs
    {
        get
        {
            lock (_gate)
            {
                return [.. _jobs];
            }
        }
    }

    /// <summary>Queues a retrain; throws <see cref="InvalidOperationException"/> when the selection is empty or the queue is full.</summary>
    public RetrainJob Enqueue(RetrainRequest request, string requestedBy)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IncludeReferenceSet && request.BatchIds.Count == 0)
        {
            throw new InvalidOperationException("Choose the reference set, labelled batches, or both.");
        }
        var job = new RetrainJob(Guid.NewGuid(), request, requestedBy, time.GetUtcNow().UtcDateTime);
        lock (_gate)
        {
            if (!_queue.Writer.TryWrite(job))
            {
                throw new InvalidOperationException($"{QueueCapacity} retrain jobs are already waiting; try again when one has finished.");
            }
            _jobs.Insert(0, job);
            if (_jobs.Count > MaxJobsKept)
            {
                _jobs.RemoveAll(j => j.IsFinished && _jobs.IndexOf(j) >= MaxJobsKept);
            }
        }
        notifier.Notify(StoreChange.Retrain);
        return job;
    }

    /// <summary>Cancels a queued or running job; false when it is unknown or already finished.</summary>
    public bool Cancel(Guid jobId)
    {
        var job = Jobs.FirstOrDefault(j => j.Id == jobId);
        if (job is null || job.IsFinished)
        {
            return false;
        }
        job.Cancellation.Cancel();
        if (job.State == RetrainJobState.Queued)
        {
            Finish(job, RetrainJobState.Cancelled, "Cancelled before it started.");
        }
        return true;
    }

    /// <summary>Drains the queue until <paramref name="stoppingToken"/> fires (one job at a time).</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (job.IsFinished)
            {
                continue; // cancelled while queued
            }
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, job.Cancellation.Token);
            await RunJobAsync(job, linked.Token);
        }
    }

    private async Task RunJobAsync(RetrainJob job, CancellationToken cancellationToken)
    {
        job.State = RetrainJobState.Running;
        Report(job, new BuildProgress(0.01, "Loading the labelled data"));
        try
        {
            var data = await loader.LoadAsync(job.Request, cancellationToken);
            var name = string.IsNullOrWhiteSpace(job.Request.Name) ? DefaultName(job.Request, data) : job.Request.Name.Trim();
            var progress = new CallbackProgress(p => Report(job, p with { Fraction = 0.02 + (0.9 * p.Fraction) }));
            var build = await Task.Run(() => RetrainBuilder.Build(data, name, RetrainBuilder.DefaultSeed, progress, TrainerOptions, cancellationToken), cancellationToken);

            Report(job, new BuildProgress(0.94, "Scoring the champion on the same holdout rows"));
            var (championEvaluation, championLabel) = EvaluateChampion(build.Holdout);
            var comparison = ModelComparison.Decide(build.Built.Holdout, championEvaluation, championLabel);
            cancellationToken.ThrowIfCancellationRequested();

            Report(job, new BuildProgress(0.97, "Registering the candidate"));
            var version = build.Built.Version with { MetricsJson = WithChampion(build.Built.Version.MetricsJson, championEvaluation, championLabel) };
            job.Candidate = await registry.RegisterAsync(version, job.RequestedBy, CancellationToken.None);
            job.Comparison = comparison;
            Report(job, new BuildProgress(1, "Done"));
            Finish(job, RetrainJobState.Completed, null);
            logger.LogInformation("Retrain job {Job} registered candidate {Label}: {Reason}", job.Id, job.Candidate.Label, comparison.Reason);
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            Finish(job, RetrainJobState.Cancelled, "Cancelled; nothing was registered.");
        }
        catch (OperationCanceledException)
        {
            Finish(job, RetrainJobState.Cancelled, "Stopped with the service; nothing was registered.");
            throw;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or InvalidDataException or KeyNotFoundException)
        {
            // These carry messages written for users (bad selection, too few rows of a class, unusable batch).
            Finish(job, RetrainJobState.Failed, ex.Message);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Retrain job {Job} failed", job.Id);
            Finish(job, RetrainJobState.Failed, "Training failed unexpectedly; see the server log.");
        }
    }

    private (BinaryEvaluation? Evaluation, string? Label) EvaluateChampion(HoldoutSet holdout)
    {
        if (!champion.TryAcquire(out var lease))
        {
            return (null, null);
        }
        using (lease)
        {
            var model = lease.Model;
            if (model.Pipeline is null)
            {
                return (null, model.VersionId);
            }
            var scores = model.Scorer.ScoreBatch(holdout.FeaturesFor(model.Pipeline)).Probabilities;
            return (BinaryEvaluation.Compute(scores, holdout.Labels, model.Threshold), model.VersionId);
        }
    }

    private static string? WithChampion(string? metricsJson, BinaryEvaluation? champion, string? label)
    {
        if (metricsJson is null || champion is null)
        {
            return metricsJson;
        }
        var node = JsonNode.Parse(metricsJson)!.AsObject();
        node["championOnHoldout"] = new JsonObject
        {
            ["version"] = label,
            ["evaluation"] = JsonSerializer.SerializeToNode(champion, ModelVersionBuilder.s_json),
        };
        return node.ToJsonString();
    }

    private string DefaultName(RetrainRequest request, RetrainData data)
    {
        var sources = request.IncludeReferenceSet ? "reference" : "";
        if (request.BatchIds.Count > 0)
        {
            sources += (sources.Length > 0 ? " + " : "") + $"{request.BatchIds.Count} batch(es)";
        }
        return FormattableString.Invariant($"retrain {time.GetUtcNow():yyyy-MM-dd HH:mm} ({sources}, {data.RowCount:N0} rows)");
    }

    private void Report(RetrainJob job, BuildProgress progress)
    {
        job.Progress = progress;
        notifier.Notify(StoreChange.Retrain);
    }

    private void Finish(RetrainJob job, RetrainJobState state, string? message)
    {
        lock (_gate)
        {
            if (job.IsFinished)
            {
                return;
            }
            job.State = state;
            job.Error = state == RetrainJobState.Completed ? null : message;
            job.FinishedAtUtc = time.GetUtcNow().UtcDateTime;
        }
        notifier.Notify(StoreChange.Retrain);
    }

    /// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; would post each report to the thread pool).</summary>
    private sealed class CallbackProgress(Action<BuildProgress> report) : IProgress<BuildProgress>
    {
        public void Report(BuildProgress value) => report(value);
    }
}
