using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Retention;
using LeadScoring.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>Shadow challenger scores under retention, on any store (SQLite in RetentionTests, PostgreSQL in PostgresStoreTests).</summary>
public static class ShadowRetentionScenario
{
    /// <summary>
    /// Shadowed predictions 120 and 2 days old and a score whose prediction was never stored (120 days old): a 90-day
    /// purge deletes the old scores with their predictions and the unlinked one by its age, and keeps the recent pairs linked.
    /// </summary>
    public static async Task Purge_RemovesShadowScoresWithTheirPredictions(ILeadScoringDbFactory store)
    {
        var now = RetentionScenario.Now;
        var old = await AddShadowedAsync(store, now.AddDays(-120), 12, "sh-old");
        var recent = await AddShadowedAsync(store, now.AddDays(-2), 5, "sh-new");
        await using (var db = store.CreateDbContext())
        {
            db.ShadowScores.Add(new ShadowScoreRecord { Key = Guid.NewGuid(), TimestampMs = now.AddDays(-120).ToUnixTimeMilliseconds(), ChallengerVersionId = 2, Score = 0.5 });
            await db.SaveChangesAsync();
        }

        var report = await RetentionScenario.Retention(store, new FixedTimeProvider(now),
            new RetentionOptions { PredictionDays = 90, RollupDays = 400, BatchSize = 5, PauseBetweenBatchesMs = 0 }).PurgeAsync();

        await using var check = store.CreateDbContext();
        var left = await check.ShadowScores.Select(s => s.Key).ToListAsync();
        Assert.Equal(recent.OrderBy(k => k), left.OrderBy(k => k));
        Assert.DoesNotContain(old, left.Contains);
        Assert.Equal(13, report.ShadowScores);
        var linked = await (from s in check.ShadowScores join p in check.Predictions on (Guid?)s.Key equals p.ShadowKey select p.LeadId).CountAsync();
        Assert.Equal(5, linked);
        Assert.Contains("13 shadow scores", report.Describe(), StringComparison.Ordinal);
    }

    private static async Task<List<Guid>> AddShadowedAsync(ILeadScoringDbFactory store, DateTimeOffset at, int count, string prefix)
    {
        var keys = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToList();
        var rows = keys.Select((key, i) => new PredictionRecord
        {
            TimestampMs = at.ToUnixTimeMilliseconds() + i * 60_000L, ModelVersionId = 1, Score = i / 20.0, LeadId = $"{prefix}-{i}",
            Features = FeatureBlob.Pack([i]), Source = PredictionSource.Api, ShadowKey = key,
        }).ToList();
        await using var db = store.CreateDbContext();
        // Through the bulk writer, as the telemetry writer stores them: its raw key binding must match EF's.
        await db.Database.OpenConnectionAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await PredictionBulkWriter.WriteAsync(db, rows);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        // And the challenger's scores as the shadow worker stores them.
        await using var shadowDb = store.CreateDbContext();
        ShadowScoreBulkWriter.Write(shadowDb, keys.Select((key, i) => new ShadowScoreRecord
        {
            Key = key, TimestampMs = rows[i].TimestampMs, ChallengerVersionId = 2, Score = rows[i].Score, PredictedEngaged = rows[i].Score >= 0.3,
        }).ToList());
        return keys;
    }
}
