using LeadScoring.Core.Batches;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace LeadScoring.Core.Tests.Batches;

[Trait("Store", "both")]
public sealed class BatchAdministrationTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new("leadscoring-batchadmin");
    private readonly ServiceProvider _services;

    public BatchAdministrationTests()
    {
        _services = new ServiceCollection()
            .AddLeadScoringStorage(_database.Options)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<StoreChangeNotifier>()
            .AddSingleton<BatchAdministration>()
            .BuildServiceProvider();
    }

    private ILeadScoringDbFactory Factory => _services.GetRequiredService<ILeadScoringDbFactory>();
    private BatchAdministration Admin => _services.GetRequiredService<BatchAdministration>();

    public async Task InitializeAsync()
    {
        await using var db = Factory.CreateDbContext();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task DeleteBatch_RemovesExactlyThatBatchAndItsPredictions()
    {
        var doomed = await AddBatchAsync("doomed.csv", BatchStatus.Completed, predictions: 3);
        var kept = await AddBatchAsync("kept.csv", BatchStatus.Completed, predictions: 2);
        await AddPredictionsAsync(batchId: null, count: 4); // API predictions belong to no batch
        var (keptIdsBefore, _) = await RowsAsync();

        var deletion = await Admin.DeleteBatchAsync(doomed);

        Assert.Equal(new BatchDeletion(doomed, "doomed.csv", 3), deletion);
        var (predictionIds, batchIds) = await RowsAsync();
        Assert.Equal([kept], batchIds);
        // Every other prediction is still there, unchanged in id and batch.
        Assert.Equal(keptIdsBefore.Where(p => p.BatchId != doomed), predictionIds);
        Assert.Equal(2, predictionIds.Count(p => p.BatchId == kept));
        Assert.Equal(4, predictionIds.Count(p => p.BatchId is null));
    }

    [Fact]
    public async Task DeleteBatch_NotifiesPredictionsAndBatches()
    {
        var id = await AddBatchAsync("a.csv", BatchStatus.Rejected, predictions: 0);
        var seen = new TaskCompletionSource<StoreChange>();
        using var subscription = _services.GetRequiredService<StoreChangeNotifier>()
            .Subscribe(StoreChange.Predictions | StoreChange.Batches, change => { seen.TrySetResult(change); return Task.CompletedTask; });

        await Admin.DeleteBatchAsync(id);

        Assert.Equal(StoreChange.Predictions | StoreChange.Batches, await seen.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData(BatchStatus.Pending)]
    [InlineData(BatchStatus.Running)]
    public async Task DeleteBatch_StillBeingIngested_IsRefusedAndChangesNothing(BatchStatus status)
    {
        var id = await AddBatchAsync("busy.csv", status, predictions: 2);
        var before = await RowsAsync();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Admin.DeleteBatchAsync(id));

        Assert.Contains("still being processed", ex.Message, StringComparison.Ordinal);
        var after = await RowsAsync();
        Assert.Equal(before.Predictions, after.Predictions);
        Assert.Equal(before.Batches, after.Batches);
    }

    [Fact]
    public async Task DeleteBatch_UnknownId_ThrowsKeyNotFound()
    {
        await AddBatchAsync("one.csv", BatchStatus.Completed, predictions: 1);

        await Assert.ThrowsAsync<KeyNotFoundException>(() => Admin.DeleteBatchAsync(9999));
        Assert.Single((await RowsAsync()).Batches);
    }

    [Fact]
    public async Task Recent_ListsNewestFirstWithRowsAndStatus()
    {
        var first = await AddBatchAsync("first.csv", BatchStatus.Completed, predictions: 2);
        var second = await AddBatchAsync("second.csv", BatchStatus.Failed, predictions: 0);

        var list = await Admin.RecentAsync();

        Assert.Equal([second, first], list.Select(b => b.Id));
        Assert.Equal(2, list[1].Rows);
        Assert.Equal(BatchStatus.Failed, list[0].Status);
        Assert.Equal("first.csv", list[1].FileName);
    }

    private async Task<long> AddBatchAsync(string fileName, BatchStatus status, int predictions)
    {
        long id;
        await using (var db = Factory.CreateDbContext())
        {
            var batch = new BatchRecord
            {
                FileName = fileName, UploadedBy = "test", CreatedAtUtc = DateTime.UtcNow, Status = status, Schema = "raw",
                TotalRows = predictions, StoredRows = predictions,
            };
            db.Batches.Add(batch);
            await db.SaveChangesAsync();
            id = batch.Id;
        }
        await AddPredictionsAsync(id, predictions);
        return id;
    }

    private async Task AddPredictionsAsync(long? batchId, int count)
    {
        await using var db = Factory.CreateDbContext();
        for (var i = 0; i < count; i++)
        {
            db.Predictions.Add(new PredictionRecord
            {
                TimestampMs = 1_700_000_000_000 + i, BatchId = batchId, ModelVersionId = 1, Score = 0.1 * (i + 1),
                Features = FeatureBlob.Pack([i, 1.0]), Source = batchId is null ? PredictionSource.Api : PredictionSource.Upload,
            });
        }
        await db.SaveChangesAsync();
    }

    private async Task<(List<(long Id, long? BatchId)> Predictions, List<long> Batches)> RowsAsync()
    {
        await using var db = Factory.CreateDbContext();
        var predictions = (await db.Predictions.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.BatchId }).ToListAsync())
            .Select(p => (p.Id, p.BatchId)).ToList();
        var batches = await db.Batches.AsNoTracking().OrderBy(b => b.Id).Select(b => b.Id).ToListAsync();
        return (predictions, batches);
    }
}
