using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Rollups;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Engine.Domain;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>The seeding command's writer on any store: SQLite (<see cref="PredictionSeederTests"/>) and PostgreSQL (<see cref="PostgresStoreTests"/>).</summary>
public static class PredictionSeederScenario
{
    /// <summary>
    /// 3,000 rows over 2 days and 1,200 in the open hour, in transactions of 700: every row lands where asked, the
    /// progress reports each transaction, and the rollups (hours and minutes) are current and equal the raw rows.
    /// </summary>
    public static async Task Seed_SpreadsTheRows_AndLeavesTheRollupsTrue(ILeadScoringDbFactory store)
    {
        var time = new FixedTimeProvider(MinuteRollupScenario.Now);
        var reports = new List<long>();
        var result = await PredictionSeeder.SeedAsync(store, new PredictionSeedOptions(3_000, 2, 1_200, Seed: 7, RowsPerTransaction: 700), time,
            new SyncProgress(reports.Add));

        var now = MinuteRollupScenario.Now.ToUnixTimeMilliseconds();
        var hour = PredictionRollups.FloorHour(now);
        await using var db = store.CreateDbContext();
        Assert.Equal(4_200, result.Written);
        Assert.Equal(3_000, await db.Predictions.CountAsync(p => p.TimestampMs >= hour - 2 * 86_400_000L && p.TimestampMs < hour));
        Assert.Equal(1_200, await db.Predictions.CountAsync(p => p.TimestampMs >= hour && p.TimestampMs < now));
        Assert.Equal([700, 1_400, 2_100, 2_800, 3_000, 3_700, 4_200], reports);
        Assert.Equal(47 * 8, (await db.Predictions.FirstAsync()).Features.Length);
        Assert.True(await db.PredictionRollups.AnyAsync() && await db.PredictionMinuteRollups.AnyAsync(r => r.MinuteMs >= hour));
        var rollups = new PredictionRollups(store, time);
        Assert.Equal(3_000, await rollups.CountAsync(new TimeWindow(0, hour), result.ModelVersionId));
        await MinuteRollupScenario.CompareRandomWindowsAsync(store, rollups, new Random(3), 10);
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
