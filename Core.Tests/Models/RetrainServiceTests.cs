using LeadScoring.Core.Models;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Batches;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Training;
using LeadScoring.Engine.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
namespace LeadScoring.Core.Tests.Models;

[Trait("Store", "both")]
public sealed class RetrainServiceTests : IAsyncLifetime
{
    private readonly RegistryTestHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Retrain_ReferenceSet_RegistersCandidateAndKeepsChampion()
    {
        var champion = await _host.SeedChampionAsync();
        var changes = 0;
        using var subscription = _host.Services.GetRequiredService<StoreChangeNotifier>()
            .Subscribe(StoreChange.Retrain, _ => { Interlocked.Increment(ref changes); return Task.CompletedTask; });

        var job = _host.Retrain.Enqueue(new RetrainRequest(IncludeReferenceSet: true, BatchIds: []), "alice");
        Assert.Equal(RetrainJobState.Queued, job.State);
        await _host.RunUntilFinishedAsync(job);

        Assert.Equal(RetrainJobState.Completed, job.State);
        Assert.Null(job.Error);
        Assert.Equal(new BuildProgress(1, "Done"), job.Progress);
        var versions = await _host.Registry.ListAsync();
        Assert.Equal(2, versions.Count);
        var candidate = Assert.Single(versions, v => v.Id == job.Candidate!.Id);
        Assert.Equal(ModelStatus.Candidate, candidate.Status);
        Assert.Equal("alice", candidate.CreatedBy);
        Assert.Equal(champion.Id, (await _host.Registry.ChampionAsync())!.Id);
        Assert.Equal(champion.Id, _host.Champion.Current!.RegistryId);
        // The stored metrics carry the champion's evaluation on the same rows, for the page after a restart.
        var metrics = ModelMetrics.Parse(candidate.MetricsJson);
        Assert.Equal(job.Comparison!.Champion!.RocAuc, metrics.ChampionOnHoldout!.RocAuc);
        Assert.Equal(champion.Label, metrics.ChampionLabel);
        await Task.Delay(StoreChangeNotifier.MinimumInterval * 2);
        Assert.True(changes > 0, "pages were told about the job's progress");
    }

    [Fact]
    public async Task Retrain_ChampionComparison_UsesExactlyTheCandidatesHoldoutRows()
    {
        await _host.SeedChampionAsync();
        var job = _host.Retrain.Enqueue(new RetrainRequest(true, []), "alice");
        await _host.RunUntilFinishedAsync(job);

        // Independent recomputation: the reference set's stratified 20 % holdout with the fixed seed, encoded by the
        // champion's own pipeline and scored by its own scorer at its own threshold.
        var leads = RegistryTestHost.ReferenceLeads;
        var labels = leads.Select(l => l.Engaged!.Value).ToArray();
        var (_, holdout) = StratifiedSplit.TrainValidation(labels, ModelVersionBuilder.HoldoutFraction, RetrainBuilder.DefaultSeed);
        using var lease = _host.Champion.Acquire();
        var scores = lease.Model.Scorer.ScoreBatch(lease.Model.Pipeline!.TransformBatch([.. holdout.Select(i => leads[i])])).Probabilities;
        var expected = BinaryEvaluation.Compute(scores, [.. holdout.Select(i => labels[i])], lease.Model.Threshold);

        var comparison = job.Comparison!;
        Assert.Equal(holdout.Length, comparison.Candidate.Rows);
        Assert.Equal(expected.Rows, comparison.Champion!.Rows);
        Assert.Equal(expected.Positives, comparison.Champion.Positives);
        Assert.Equal(expected.RocAuc, comparison.Champion.RocAuc, 12);
        Assert.Equal(expected.PrAuc, comparison.Champion.PrAuc, 12);
        Assert.Equal(expected.Confusion, comparison.Champion.Confusion);
        Assert.Equal(comparison.Candidate.Positives, comparison.Champion.Positives);
    }

    [Fact]
    public async Task Retrain_NoChampion_AdvisesPromotion()
    {
        var job = _host.Retrain.Enqueue(new RetrainRequest(true, []), "alice");
        await _host.RunUntilFinishedAsync(job);

        Assert.Equal(RetrainJobState.Completed, job.State);
        Assert.Null(job.Comparison!.Champion);
        Assert.Equal(PromotionAdvice.Promote, job.Comparison.Advice);
    }

    [Fact]
    public async Task Cancel_RunningJob_EndsCancelledAndRegistersNothing()
    {
        await _host.SeedChampionAsync();
        var job = _host.Retrain.Enqueue(new RetrainRequest(true, []), "alice");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var worker = _host.Retrain.RunAsync(stop.Token);
        while (job.State == RetrainJobState.Queued)
        {
            await Task.Delay(1);
        }

        Assert.True(_host.Retrain.Cancel(job.Id));
        while (!job.IsFinished)
        {
            await Task.Delay(10);
        }
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => worker);

        Assert.Equal(RetrainJobState.Cancelled, job.State);
        Assert.Null(job.Candidate);
        Assert.Single(await _host.Registry.ListAsync());
        Assert.False(_host.Retrain.Cancel(job.Id)); // already finished
    }

    [Fact]
    public async Task Cancel_QueuedJob_IsSkippedWhileTheOneBeforeRuns()
    {
        await _host.SeedChampionAsync();
        var first = _host.Retrain.Enqueue(new RetrainRequest(true, []), "alice");
        var second = _host.Retrain.Enqueue(new RetrainRequest(true, []), "bob");

        Assert.True(_host.Retrain.Cancel(second.Id));
        Assert.Equal(RetrainJobState.Cancelled, second.State);
        await _host.RunUntilFinishedAsync(first);

        Assert.Equal(RetrainJobState.Completed, first.State);
        Assert.Equal(2, (await _host.Registry.ListAsync()).Count);
        Assert.Equal([second.Id, first.Id], _host.Retrain.Jobs.Select(j => j.Id));
    }

    [Fact]
    public void Enqueue_QueueFull_IsRefusedWithAMessage()
    {
        for (var i = 0; i < RetrainService.QueueCapacity; i++)
        {
            _host.Retrain.Enqueue(new RetrainRequest(true, []), "alice");
        }

        var ex = Assert.Throws<InvalidOperationException>(() => _host.Retrain.Enqueue(new RetrainRequest(true, []), "alice"));
        Assert.Contains("already waiting", ex.Message, StringComparison.Ordinal);
        Assert.Equal(RetrainService.QueueCapacity, _host.Retrain.Jobs.Count);
    }

    [Fact]
    public void Enqueue_NothingSelected_IsRefused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => _host.Retrain.Enqueue(new RetrainRequest(false, []), "alice"));
        Assert.Contains("Choose", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_host.Retrain.Jobs);
    }

    [Fact]
    public async Task Retrain_WithLabelledBatch_KeepsChampionPipelineAndHoldsOutPartOfEverySource()
    {
        var champion = await _host.SeedChampionAsync();
        var batchId = await IngestScenarioAsync("no_drift_baseline.csv");
        var offered = Assert.Single(await _host.Loader.LabelledBatchesAsync());
        Assert.True(offered.Usable, offered.Reason);
        Assert.Equal(batchId, offered.BatchId);

        var job = _host.Retrain.Enqueue(new RetrainRequest(true, [batchId]), "alice");
        await _host.RunUntilFinishedAsync(job);

        Assert.Equal(RetrainJobState.Completed, job.State);
        var referenceHoldout = (int)Math.Round(RegistryTestHost.ReferenceLeads.Count * ModelVersionBuilder.HoldoutFraction);
        Assert.InRange(job.Comparison!.Candidate.Rows - referenceHoldout, 1, offered.LabelledRows / 2);
        Assert.Equal(job.Comparison.Candidate.Rows, job.Comparison.Champion!.Rows);
        await using var db = _host.Db.CreateDbContext();
        var pipelines = db.ModelVersions.Select(m => new { m.Id, m.PipelineStateJson }).ToDictionary(m => m.Id, m => m.PipelineStateJson);
        Assert.Equal(pipelines[champion.Id], pipelines[job.Candidate!.Id]);
    }

    [Fact]
    public async Task Batch_EncodedByAnotherPipeline_IsOfferedAsUnusableAndRefused()
    {
        await _host.SeedChampionAsync();
        var batchId = await IngestScenarioAsync("no_drift_baseline.csv");
        // A new champion with refitted encodings (different seed, so a different training part).
        var other = await _host.RegisterBuiltAsync("other encodings", seed: 7);
        await _host.Registry.PromoteAsync(other.Id);

        var offered = Assert.Single(await _host.Loader.LabelledBatchesAsync());
        Assert.False(offered.Usable);
        Assert.Contains("encodings differ", offered.Reason, StringComparison.Ordinal);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _host.Loader.LoadAsync(new RetrainRequest(false, [batchId])));
        Assert.Contains($"Batch {batchId}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_UnknownBatch_FailsWithReadableMessage()
    {
        await _host.SeedChampionAsync();
        var job = _host.Retrain.Enqueue(new RetrainRequest(false, [12345]), "alice");
        await _host.RunUntilFinishedAsync(job);

        Assert.Equal(RetrainJobState.Failed, job.State);
        Assert.Contains("12345", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Comparison_Advice_FollowsTheMargin()
    {
        static BinaryEvaluation E(double roc, double pr) => new(100, 40, 0.5, new ConfusionMatrix(1, 1, 1, 1), roc, pr, 0.57, []);

        Assert.Equal(PromotionAdvice.Promote, ModelComparison.Decide(E(0.80, 0.70), E(0.79, 0.70), "v1").Advice);
        Assert.Equal(PromotionAdvice.Keep, ModelComparison.Decide(E(0.802, 0.702), E(0.80, 0.70), "v1").Advice);
        Assert.Equal(PromotionAdvice.Keep, ModelComparison.Decide(E(0.85, 0.69), E(0.80, 0.70), "v1").Advice);
        Assert.Equal(PromotionAdvice.Promote, ModelComparison.Decide(E(0.80, 0.71), E(0.80, 0.70), "v1").Advice);
        Assert.Equal(PromotionAdvice.Promote, ModelComparison.Decide(E(0.5, 0.4), null, null).Advice);
    }

    private async Task<long> IngestScenarioAsync(string file)
    {
        var ingestion = _host.Services.GetRequiredService<BatchIngestionService>();
        await using var stream = File.OpenRead(Path.Combine(TestPaths.DataDirectory, "scenarios", file));
        var result = await ingestion.IngestAsync(stream, file, "test");
        Assert.Equal(BatchStatus.Completed, result.Status);
        return result.BatchId;
    }
}
