using LeadScoring.Core.Outcomes;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Tests.Outcomes;

/// <summary>The outcome rules on any store: run on SQLite (OutcomeServiceTests) and PostgreSQL (PostgresStoreTests).</summary>
public static class OutcomeScenario
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<long> AddPredictionAsync(ILeadScoringDbFactory store, string? leadId, DateTimeOffset at)
    {
        await using var db = store.CreateDbContext();
        var record = new PredictionRecord
        {
            TimestampMs = at.ToUnixTimeMilliseconds(), ModelVersionId = 1, Score = 0.7, PredictedEngaged = true,
            Features = FeatureBlob.Pack(new double[47]), LeadId = leadId,
        };
        db.Predictions.Add(record);
        await db.SaveChangesAsync();
        return record.Id;
    }

    /// <summary>Two predictions of lead A (day 0 and day 10), one of B; outcomes at day 5 (A) and day 1 (C, no prediction).</summary>
    public static async Task LatestPredictionBeforeObservation_IsLabelled(ILeadScoringDbFactory store)
    {
        var a0 = await AddPredictionAsync(store, "A", T0);
        var a10 = await AddPredictionAsync(store, "A", T0.AddDays(10));
        var b = await AddPredictionAsync(store, "B", T0.AddDays(1));
        var service = new OutcomeService(store, new StoreChangeNotifier(TimeProvider.System), new FixedTime(T0.AddDays(20)));

        var report = await service.RecordAsync(
            [new OutcomeRow(1, "A", true, T0.AddDays(5)), new OutcomeRow(2, "C", true, T0.AddDays(1)), new OutcomeRow(3, "B", false, null)], "test");

        Assert.Equal((3, 2, 0, 1), (report.Received, report.Matched, report.Updated, report.UnmatchedCount));
        Assert.Equal(["C"], report.Unmatched);
        await using var db = store.CreateDbContext();
        var labels = await db.Predictions.AsNoTracking().ToDictionaryAsync(p => p.Id, p => (p.ActualEngaged, p.OutcomeAtMs));
        Assert.Equal((1, T0.AddDays(5).ToUnixTimeMilliseconds()), labels[a0]); // the latest prediction before day 5
        Assert.Equal((null, null), labels[a10]);                               // made after the outcome: not labelled
        Assert.Equal((0, T0.AddDays(20).ToUnixTimeMilliseconds()), labels[b]); // no observed_at: now
        Assert.Equal(2, await db.Outcomes.CountAsync());
    }

    /// <summary>A second outcome for A (observed after day 10) moves the label to the day-10 prediction and is audited.</summary>
    public static async Task SecondOutcome_ReplacesTheFirst(ILeadScoringDbFactory store)
    {
        var a0 = await AddPredictionAsync(store, "A", T0);
        var a10 = await AddPredictionAsync(store, "A", T0.AddDays(10));
        var service = new OutcomeService(store, new StoreChangeNotifier(TimeProvider.System), new FixedTime(T0.AddDays(20)));
        await service.RecordAsync([new OutcomeRow(1, "A", true, T0.AddDays(5))], "first");

        var report = await service.RecordAsync([new OutcomeRow(1, "A", false, T0.AddDays(12))], "second");

        Assert.Equal((1, 1), (report.Matched, report.Updated));
        await using var db = store.CreateDbContext();
        var labels = await db.Predictions.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.ActualEngaged);
        Assert.Null(labels[a0]);
        Assert.Equal(0, labels[a10]);
        var outcome = await db.Outcomes.SingleAsync();
        Assert.Equal((a10, false, "second"), (outcome.PredictionId, outcome.Converted, outcome.ReceivedBy));
        Assert.Contains(await db.AuditLog.Where(a => a.Action == "record outcomes").Select(a => a.Detail).ToListAsync(),
            d => d!.Contains("replaced 1", StringComparison.Ordinal) && d.Contains("replaced: A", StringComparison.Ordinal));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
