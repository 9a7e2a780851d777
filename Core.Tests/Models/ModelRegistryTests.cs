using LeadScoring.Engine.Features;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Training;
using LeadScoring.Core.Models;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Tests.Infrastructure;
namespace LeadScoring.Core.Tests.Models;

[Trait("Store", "both")]
public sealed class ModelRegistryTests : IAsyncLifetime
{
    private readonly RegistryTestHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Register_NewVersion_IsCandidateAndNotServing()
    {
        var v1 = await _host.RegisterBuiltAsync("first");

        Assert.Equal(ModelStatus.Candidate, v1.Status);
        Assert.Equal(1, v1.Version);
        Assert.Null(_host.Champion.Current);
    }

    [Fact]
    public async Task Promote_SwapsLiveModel_AndKeepsExactlyOneChampion()
    {
        var v1 = await _host.RegisterBuiltAsync("first");
        var v2 = await _host.RegisterBuiltAsync("second", seed: 7);

        await _host.Registry.PromoteAsync(v1.Id);
        Assert.Equal(v1.Id, _host.Champion.Current!.RegistryId);
        await _host.Registry.PromoteAsync(v2.Id);

        Assert.Equal(v2.Id, _host.Champion.Current!.RegistryId);
        Assert.Equal("v2", _host.Champion.Current.VersionId);
        var versions = await _host.Registry.ListAsync();
        Assert.Single(versions, v => v.Status == ModelStatus.Champion);
        Assert.Equal(ModelStatus.Archived, versions.Single(v => v.Id == v1.Id).Status);
    }

    [Fact]
    public async Task Rollback_ReturnsToThePreviousChampion_AndSwapsLiveModel()
    {
        var v1 = await _host.RegisterBuiltAsync("first");
        var v2 = await _host.RegisterBuiltAsync("second", seed: 7);
        await _host.Registry.PromoteAsync(v1.Id);
        await _host.Registry.PromoteAsync(v2.Id);

        var restored = await _host.Registry.RollbackAsync();

        Assert.Equal(v1.Id, restored!.Id);
        Assert.Equal(v1.Id, _host.Champion.Current!.RegistryId);
        var versions = await _host.Registry.ListAsync();
        Assert.Single(versions, v => v.Status == ModelStatus.Champion);
        Assert.Equal(ModelStatus.Archived, versions.Single(v => v.Id == v2.Id).Status);
    }

    [Fact]
    public async Task Rollback_WithOnlyOneChampionEver_ReturnsNullAndChangesNothing()
    {
        var v1 = await _host.RegisterBuiltAsync("first");
        await _host.Registry.PromoteAsync(v1.Id);

        Assert.Null(await _host.Registry.RollbackAsync());
        Assert.Equal(v1.Id, _host.Champion.Current!.RegistryId);
    }

    [Fact]
    public async Task Rollback_NeverReturnsToADiscardedCandidate()
    {
        var v1 = await _host.RegisterBuiltAsync("first");
        await _host.Registry.PromoteAsync(v1.Id);
        var v2 = await _host.RegisterBuiltAsync("second", seed: 7);
        await _host.Registry.ArchiveCandidateAsync(v2.Id);

        Assert.Null(await _host.Registry.RollbackAsync());
        Assert.Equal(v1.Id, _host.Champion.Current!.RegistryId);
    }

    [Fact]
    public async Task ArchiveCandidate_OnChampion_IsRefused()
    {
        var v1 = await _host.RegisterBuiltAsync("first");
        await _host.Registry.PromoteAsync(v1.Id);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _host.Registry.ArchiveCandidateAsync(v1.Id));
        Assert.Contains("not a candidate", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ModelStatus.Champion, (await _host.Registry.ChampionAsync())!.Status);
    }

    [Fact]
    public async Task Promote_UnknownId_ThrowsAndKeepsChampion()
    {
        var v1 = await _host.RegisterBuiltAsync("first");
        await _host.Registry.PromoteAsync(v1.Id);

        await Assert.ThrowsAsync<KeyNotFoundException>(() => _host.Registry.PromoteAsync(999));
        Assert.Equal(v1.Id, _host.Champion.Current!.RegistryId);
    }

    [Fact]
    public void ExternalImport_RandomBytes_IsRefusedWithAReadableMessage()
    {
        var pipeline = new FeaturePipeline().Fit(RegistryTestHost.ReferenceLeads);

        var ex = Assert.Throws<InvalidDataException>(() => ExternalModelImport.Create([1, 2, 3, 4], "junk", pipeline, 0.5, null));
        Assert.StartsWith("Model refused: it is not a readable ONNX", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExternalImport_ThresholdOutOfRange_IsRefused()
    {
        var v1 = await _host.RegisterBuiltAsync("first");
        await _host.Registry.PromoteAsync(v1.Id);
        using var lease = _host.Champion.Acquire();
        var onnx = await OnnxBytesAsync(v1.Id);

        var ex = Assert.Throws<InvalidDataException>(() => ExternalModelImport.Create(onnx, "t", lease.Model.Pipeline!, 1.5, null));
        Assert.Contains("threshold", ex.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task ExternalImport_OriginalModel_RegistersCandidateEvaluatedOnTheReferenceHoldout()
    {
        var onnx = await File.ReadAllBytesAsync(TestPaths.Shared("data", "original", "model.onnx"));
        var pipeline = ExternalModelImport.ImportOriginalPipeline(
            await File.ReadAllTextAsync(TestPaths.Shared("data", "original", "target_encoding.json")), "target_encoding.json");

        var version = ExternalModelImport.Create(onnx, "original 0.3.0", pipeline, 0.5, RegistryTestHost.ReferenceLeads);
        var registered = await _host.Registry.RegisterAsync(version, "admin");

        Assert.Equal("imported", registered.Origin);
        Assert.Equal(ModelStatus.Candidate, registered.Status);
        Assert.Equal(FeatureSchema.Count, version.FeatureColumns.Count);
        var holdout = ModelMetrics.Parse(registered.MetricsJson).Holdout!;
        Assert.Equal(400, holdout.Rows); // 20 % of the 2,000 reference leads
        // The same holdout scored here by ONNX Runtime, and ROC AUC counted pair by pair (Mann–Whitney: a tie counts
        // one half), independently of the evaluator's sort-based computation.
        var labels = RegistryTestHost.ReferenceLeads.Select(l => l.Engaged!.Value).ToArray();
        var (_, rows) = StratifiedSplit.TrainValidation(labels, ModelVersionBuilder.HoldoutFraction, RetrainBuilder.DefaultSeed);
        using var scorer = ScoringModel.FromOnnx(onnx, "original").Scorer;
        var scores = scorer.ScoreBatch(pipeline.TransformBatch([.. rows.Select(i => RegistryTestHost.ReferenceLeads[i])])).Probabilities;
        var positives = rows.Select((r, k) => (labels[r], scores[k])).Where(p => p.Item1 == 1).Select(p => p.Item2).ToArray();
        var negatives = rows.Select((r, k) => (labels[r], scores[k])).Where(p => p.Item1 == 0).Select(p => p.Item2).ToArray();
        var wins = positives.Sum(p => negatives.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0.0));
        Assert.Equal(wins / (positives.Length * (double)negatives.Length), holdout.RocAuc, 12);
        Assert.NotNull(await _host.Registry.DriftReferenceAsync(registered.Id));
        await _host.Registry.PromoteAsync(registered.Id);
        Assert.Equal(pipeline.ToJson(), _host.Champion.Current!.Pipeline!.ToJson());
    }

    private async Task<byte[]> OnnxBytesAsync(int id)
    {
        await using var db = _host.Db.CreateDbContext();
        return db.ModelVersions.Single(m => m.Id == id).OnnxModel;
    }
}
