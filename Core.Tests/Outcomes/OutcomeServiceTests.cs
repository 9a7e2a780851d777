using LeadScoring.Core.Outcomes;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Engine.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Tests.Outcomes;

[Trait("Store", "both")]
public sealed class OutcomeServiceTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public Task RecordAsync_LatestPredictionBeforeObservation_IsLabelled() => OutcomeScenario.LatestPredictionBeforeObservation_IsLabelled(_store.Factory);

    [Fact]
    public Task RecordAsync_SecondOutcomeForALead_ReplacesTheFirstAndIsAudited() => OutcomeScenario.SecondOutcome_ReplacesTheFirst(_store.Factory);

    [Fact]
    public async Task RecordAsync_TenThousandOutcomes_OneTransaction()
    {
        for (var batch = 0; batch < 10; batch++)
        {
            await using var db = _store.Factory.CreateDbContext();
            for (var i = 0; i < 1000; i++)
            {
                db.Predictions.Add(new PredictionRecord
                {
                    TimestampMs = OutcomeScenario.T0.ToUnixTimeMilliseconds(), ModelVersionId = 1, Score = 0.5,
                    Features = FeatureBlob.Pack(new double[47]), LeadId = $"L{batch * 1000 + i}",
                });
            }
            await db.SaveChangesAsync();
        }
        var service = new OutcomeService(_store.Factory, new StoreChangeNotifier(TimeProvider.System), TimeProvider.System);

        var report = await service.RecordAsync([.. Enumerable.Range(0, 10_000).Select(i => new OutcomeRow(i + 1, $"L{i}", i % 4 == 0, null))], "test");

        Assert.Equal(10_000, report.Matched);
        await using var check = _store.Factory.CreateDbContext();
        Assert.Equal(2_500, await check.Predictions.CountAsync(p => p.ActualEngaged == 1));
        Assert.Equal(7_500, await check.Predictions.CountAsync(p => p.ActualEngaged == 0));
    }
}
