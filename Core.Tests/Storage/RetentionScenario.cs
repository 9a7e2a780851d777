using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Retention;
using LeadScoring.Core.Storage.Rollups;
using LeadScoring.Core.Tests.DriftRuns;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Engine.Domain;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>The retention rules on any store: run on SQLite (RetentionTests) and PostgreSQL (PostgresStoreTests).</summary>
public static class RetentionScenario
{
    private const long Day = 24 * PredictionRollups.HourMs;

    /// <summary>"Now": day 600 since the epoch, 10:30 UTC.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(600 * Day + 10 * PredictionRollups.HourMs + 1_800_000);

    public static StoreRetention Retention(ILeadScoringDbFactory store, TimeProvider time, RetentionOptions options) =>
        new(store, new PredictionRollups(store, time), new FixedOptionsMonitor<RetentionOptions>(options), time, new StoreChangeNotifier(time));

    /// <summary>
    /// Rows 500, 120 and 10 days old (API and an uploaded batch, outcomes, request metrics, probes); a purge with 90/400
    /// days deletes the raw rows older than 90 days and the rollups older than 400 in many small transactions, and
    /// the rollups of the hours kept answer exactly as before; the watermark does not move back.
    /// </summary>
    public static async Task Purge_DeletesExpiredRows_KeepsRollupsTrue(ILeadScoringDbFactory store)
    {
        var time = new FixedTimeProvider(Now);
        var rollups = new PredictionRollups(store, time);
        var veryOld = await AddBatchAsync(store, Now.AddDays(-500));
        var old = await AddBatchAsync(store, Now.AddDays(-120));
        var recent = await AddBatchAsync(store, Now.AddDays(-10));
        await AddPredictionsAsync(store, Now.AddDays(-500), 30, veryOld, "ancient");
        await AddPredictionsAsync(store, Now.AddDays(-120), 50, old, "old");
        await AddPredictionsAsync(store, Now.AddDays(-100), 40, null, "old-api");
        await AddPredictionsAsync(store, Now.AddDays(-10), 20, recent, "new");
        await AddPredictionsAsync(store, Now.AddDays(-2), 20, null, "new-api");
        await using (var db = store.CreateDbContext())
        {
            foreach (var (lead, days) in new[] { ("old-api-3", -99), ("new-api-4", -1) })
            {
                var predictionId = await db.Predictions.Where(p => p.LeadId == lead).Select(p => p.Id).SingleAsync();
                db.Outcomes.Add(new OutcomeRecord { LeadId = lead, Converted = true, PredictionId = predictionId, ObservedAtMs = Now.AddDays(days).ToUnixTimeMilliseconds() });
            }
            foreach (var days in new[] { -200, -91, -89, -1 })
            {
                var at = Now.AddDays(days).ToUnixTimeMilliseconds();
                db.ApiRequests.Add(new ApiRequestRecord { TimestampMs = at, Method = "POST", Endpoint = "/predict", StatusCode = 200 });
                db.HealthProbes.Add(new HealthProbeRecord { TimestampMs = at, Target = "self", Status = "ok" });
            }
            await db.SaveChangesAsync();
        }
        var watermark = await rollups.AdvanceAsync();
        var kept = new TimeWindow(Now.AddDays(-400).ToUnixTimeMilliseconds(), Now.ToUnixTimeMilliseconds());
        var before = await rollups.ReadAsync(kept, null, long.MaxValue);

        var report = await Retention(store, time, new RetentionOptions { BatchSize = 7, PauseBetweenBatchesMs = 0 }).PurgeAsync();

        Assert.Equal((30L + 50 + 40, 1L, 2L), (report.Predictions, report.Outcomes, report.Batches));
        Assert.Equal((2L, 2L), (report.ApiRequests, report.HealthProbes));
        Assert.True(report.RollupRows > 0);
        Assert.True(report.LargestTransactionRows <= 7 + 1, $"largest transaction {report.LargestTransactionRows} rows"); // rollups: + other models' rows of the last hour
        Assert.True(report.Transactions >= 120 / 7);
        await using (var db = store.CreateDbContext())
        {
            Assert.Equal(["new", "new-api"], (await db.Predictions.Select(p => p.LeadId!).ToListAsync()).Select(l => l[..l.LastIndexOf('-')]).Distinct().Order());
            Assert.Equal(["new-api-4"], await db.Outcomes.Select(o => o.LeadId).ToListAsync());
            Assert.True(await db.Outcomes.AllAsync(o => db.Predictions.Any(p => p.Id == o.PredictionId)));
            Assert.Equal([recent], await db.Batches.Select(b => b.Id).ToListAsync());
            Assert.Equal(2, await db.ApiRequests.CountAsync());
            Assert.Equal(2, await db.HealthProbes.CountAsync());
            Assert.False(await db.PredictionRollups.AnyAsync(r => r.HourMs < Now.AddDays(-400).ToUnixTimeMilliseconds()));
            Assert.Equal(watermark, await db.PredictionRollupState.Where(s => s.Id == 1).Select(s => s.CompleteBeforeMs).SingleAsync()); // 1: the hour watermark
            var audit = await db.AuditLog.SingleAsync(a => a.Action == "retention.purge");
            Assert.Contains("120 predictions", audit.Detail, StringComparison.Ordinal);
        }
        // The hours kept read as before although most of their raw rows are gone, and rolling up again changes nothing.
        var after = await rollups.ReadAsync(kept, null, long.MaxValue);
        Assert.Equal(before[0].Count, after[0].Count);
        Assert.Equal(before[0].ScoreSum, after[0].ScoreSum, 9);
        Assert.Equal(before[0].ScoreHistogram(10), after[0].ScoreHistogram(10));
        Assert.Equal(watermark, await new PredictionRollups(store, time).AdvanceAsync());
        Assert.Equal(before[0].Count, (await rollups.ReadAsync(kept, null, long.MaxValue))[0].Count);

        var again = await Retention(store, time, new RetentionOptions { BatchSize = 7, PauseBetweenBatchesMs = 0 }).PurgeAsync();
        Assert.Equal(0, again.Total);
    }

    /// <summary>
    /// 200,000 expired predictions: every delete transaction removes at most Retention:BatchSize rows (2,000), so a
    /// writer waits for at most one small transaction; the count of transactions proves the batching, not a timer.
    /// </summary>
    public static async Task<RetentionReport> Purge_OfManyRows_DeletesInBoundedTransactions(ILeadScoringDbFactory store)
    {
        const int rows = 200_000;
        var start = Now.AddDays(-100).ToUnixTimeMilliseconds();
        await using (var db = store.CreateDbContext())
        {
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await PredictionBulkWriter.WriteAsync(db, [.. Enumerable.Range(0, rows).Select(i => new PredictionRecord
            {
                TimestampMs = start + i * 10L, ModelVersionId = 1, Score = i % 1000 / 1000.0, Features = FeatureBlob.Pack([i]),
            })]);
            await transaction.CommitAsync();
        }
        var time = new FixedTimeProvider(Now);

        var report = await Retention(store, time, new RetentionOptions { BatchSize = 2_000, PauseBetweenBatchesMs = 0 }).PurgeAsync();

        Assert.Equal(rows, report.Predictions);
        Assert.Equal(2_000, report.LargestTransactionRows);
        Assert.Equal(rows / 2_000, report.Transactions - (int)(report.RollupRows > 0 ? 1 : 0));
        await using var check = store.CreateDbContext();
        Assert.Equal(0, await check.Predictions.CountAsync());
        Assert.Equal(rows, await check.PredictionRollups.SumAsync(r => r.Count)); // history kept in the rollups
        return report;
    }

    private static async Task<long> AddBatchAsync(ILeadScoringDbFactory store, DateTimeOffset at)
    {
        await using var db = store.CreateDbContext();
        var batch = new BatchRecord { FileName = "leads.csv", UploadedBy = "test", CreatedAtUtc = at.UtcDateTime, Status = BatchStatus.Completed, Schema = "raw" };
        db.Batches.Add(batch);
        await db.SaveChangesAsync();
        return batch.Id;
    }

    // `count` predictions a minute apart from `at`, models 1 and 2 alternating, leads "<prefix>-<i>".
    private static async Task AddPredictionsAsync(ILeadScoringDbFactory store, DateTimeOffset at, int count, long? batchId, string prefix)
    {
        await using var db = store.CreateDbContext();
        for (var i = 0; i < count; i++)
        {
            db.Predictions.Add(new PredictionRecord
            {
                TimestampMs = at.ToUnixTimeMilliseconds() + i * 60_000L, ModelVersionId = 1 + i % 2, Score = (i * 37 % 100) / 100.0, BatchId = batchId,
                LeadId = $"{prefix}-{i}", InferenceMs = 1 + i, EndToEndMs = 5 + i, Features = FeatureBlob.Pack([i]),
                Source = batchId is null ? PredictionSource.Api : PredictionSource.Upload,
            });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Drift runs older than Retention:DriftRunDays go (whatever their size, compressed or not); younger ones stay.</summary>
    public static async Task Purge_DeletesDriftRunsOlderThanDriftRunDays(ILeadScoringDbFactory store)
    {
        var time = new FixedTimeProvider(Now);
        await using (var db = store.CreateDbContext())
        {
            foreach (var (days, gzip) in new[] { (-500, true), (-401, false), (-399, true), (-1, false) })
            {
                db.DriftRuns.Add(new DriftRunRecord
                {
                    CreatedAtUtc = Now.AddDays(days).UtcDateTime, Kind = DriftRunKind.Window, Trigger = DriftRunTrigger.AlertEvaluation,
                    RequestedBy = "system", Subject = $"run {days}", ReferenceLabel = "model v1 training rows", AlertLevel = "green", ConfigJson = "{}",
                    ReportJson = gzip ? null : "{}", ReportGzip = gzip ? [1, 2, 3] : null,
                });
            }
            await db.SaveChangesAsync();
        }

        var report = await Retention(store, time, new RetentionOptions { BatchSize = 1, PauseBetweenBatchesMs = 0 }).PurgeAsync();

        Assert.Equal(2, report.DriftRuns);
        Assert.Contains("2 drift runs", report.Describe(), StringComparison.Ordinal);
        await using (var db = store.CreateDbContext())
        {
            Assert.Equal(["run -1", "run -399"], (await db.DriftRuns.Select(r => r.Subject).ToListAsync()).Order(StringComparer.Ordinal));
        }
        var keepForever = await Retention(store, new FixedTimeProvider(Now.AddDays(1000)),
            new RetentionOptions { DriftRunDays = 0, PauseBetweenBatchesMs = 0 }).PurgeAsync();
        Assert.Equal(0, keepForever.DriftRuns);
    }
}
