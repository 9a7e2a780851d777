using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Retention;
using LeadScoring.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>Predictions partitioned by month on PostgreSQL: the upgrade keeps every row, retention drops whole months.</summary>
public sealed partial class PostgresStoreTests
{
    private static long At(int year, int month, int day) => new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [PostgresFact]
    public async Task Partitions_UpgradeFromAPlainTable_KeepsEveryRowInItsMonth_AndTheIdsGoOn()
    {
        await using (var db = Factory.CreateDbContext())
        {
            // Back to the schema before partitioning (this runs the migration's Down), then rows as an older version wrote them.
            await db.GetService<IMigrator>().MigrateAsync("20261204193842_FeatureRollups");
            Assert.Equal("r", await RelKindAsync(db)); // a plain table
            foreach (var at in new[] { At(2026, 9, 15), At(2026, 9, 30), At(2026, 10, 3), 10L })
            {
                db.Predictions.Add(new PredictionRecord { TimestampMs = at, ModelVersionId = 1, Score = 0.5, Features = [1, 2, 3] });
            }
            await db.SaveChangesAsync();
        }
        await using (var db = Factory.CreateDbContext())
        {
            await db.Database.MigrateAsync();
            Assert.Equal("p", await RelKindAsync(db)); // partitioned
            var partitions = (await PredictionPartitions.ListAsync(db)).Select(p => p.Name).ToList();
            var now = DateTimeOffset.UtcNow;
            var next = now.AddMonths(1);
            Assert.Subset(partitions.ToHashSet(), new HashSet<string>
            {
                "predictions_1970_01", "predictions_2026_09", "predictions_2026_10", $"predictions_{now:yyyy_MM}", $"predictions_{next:yyyy_MM}",
            });
            var placed = await db.Database.SqlQueryRaw<string>(
                "SELECT tableoid::regclass::text || ':' || count(*) AS \"Value\" FROM predictions GROUP BY tableoid ORDER BY 1").ToListAsync();
            Assert.Equal(["predictions_1970_01:1", "predictions_2026_09:2", "predictions_2026_10:1"], placed);
            var ids = await db.Predictions.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
            Assert.Equal([1L, 2, 3, 4], ids);
            db.Predictions.Add(new PredictionRecord { TimestampMs = At(2026, 10, 4), ModelVersionId = 1, Score = 0.1, Features = [] });
            await db.SaveChangesAsync();
            Assert.Equal(5L, await db.Predictions.MaxAsync(p => p.Id)); // the identity goes on after the copied rows
        }
    }

    [PostgresFact]
    public async Task Retention_DropsWholeExpiredMonths_DeletesTheBoundaryMonthByRow_AndTakesWhatGoesWithThem()
    {
        var now = new DateTimeOffset(2026, 12, 4, 10, 30, 0, TimeSpan.Zero);
        var time = new FixedTimeProvider(now);
        var shadowKey = Guid.CreateVersion7();
        await using (var db = Factory.CreateDbContext())
        {
            await PredictionPartitions.EnsureRangeAsync(db, At(2026, 7, 1), now.ToUnixTimeMilliseconds());
            void Add(long at, int count, string lead) => db.Predictions.AddRange(Enumerable.Range(0, count).Select(i => new PredictionRecord
            {
                TimestampMs = at + i, ModelVersionId = 1, Score = 0.3, Features = [], LeadId = $"{lead}-{i}", ShadowKey = lead == "july" && i == 0 ? shadowKey : null,
            }));
            Add(At(2026, 7, 10), 20, "july");
            Add(At(2026, 8, 20), 10, "august");
            Add(At(2026, 9, 2), 5, "september"); // the cut (90 days before now: 5 September) falls in this month
            Add(At(2026, 11, 20), 5, "november");
            await db.SaveChangesAsync();
            var julyId = await db.Predictions.Where(p => p.LeadId == "july-0").Select(p => p.Id).SingleAsync();
            var novemberId = await db.Predictions.Where(p => p.LeadId == "november-0").Select(p => p.Id).SingleAsync();
            db.Outcomes.Add(new OutcomeRecord { LeadId = "july-0", Converted = true, PredictionId = julyId, ObservedAtMs = At(2026, 7, 11) });
            db.Outcomes.Add(new OutcomeRecord { LeadId = "november-0", Converted = false, PredictionId = novemberId, ObservedAtMs = At(2026, 11, 21) });
            db.ShadowScores.Add(new ShadowScoreRecord { Key = shadowKey, TimestampMs = At(2026, 7, 10), ChallengerVersionId = 2, Score = 0.4 });
            db.FeatureRollups.Add(new FeatureRollupRecord { HourMs = At(2026, 7, 10) - 43_200_000, ModelVersionId = 1, ReferenceHash = 1, Predictions = 20, Counts = [1] });
            db.FeatureRollups.Add(new FeatureRollupRecord { HourMs = At(2026, 11, 20) - 43_200_000, ModelVersionId = 1, ReferenceHash = 1, Predictions = 5, Counts = [1] });
            await db.SaveChangesAsync();
        }

        var report = await RetentionScenario.Retention(Factory, time, new RetentionOptions { BatchSize = 3, PauseBetweenBatchesMs = 0 }).PurgeAsync();

        Assert.Equal((2, 35L, 1L, 1L), (report.PartitionsDropped, report.Predictions, report.Outcomes, report.ShadowScores));
        Assert.True(report.LargestTransactionRows <= 3, $"largest row-by-row transaction {report.LargestTransactionRows} rows"); // September, by row
        Assert.Contains("2 whole monthly partition(s) dropped", report.Describe(), StringComparison.Ordinal);
        await using (var db = Factory.CreateDbContext())
        {
            var partitions = (await PredictionPartitions.ListAsync(db)).Select(p => p.Name).ToList();
            Assert.DoesNotContain("predictions_2026_07", partitions);
            Assert.DoesNotContain("predictions_2026_08", partitions);
            Assert.Contains("predictions_2026_09", partitions); // the boundary month stays, emptied of its expired rows
            Assert.Equal(5, await db.Predictions.CountAsync());
            Assert.True(await db.Predictions.AllAsync(p => p.LeadId!.StartsWith("november")));
            Assert.Equal(["november-0"], await db.Outcomes.Select(o => o.LeadId).ToListAsync());
            Assert.False(await db.ShadowScores.AnyAsync());
            // The dropped months' drift counts went with them (the rows written with the predictions and the one added here);
            // September's rows were subtracted row by row; November's stay.
            Assert.False(await db.FeatureRollups.AnyAsync(r => r.HourMs < At(2026, 9, 1)));
            Assert.True(await db.FeatureRollups.AnyAsync(r => r.HourMs == At(2026, 11, 20) - 43_200_000));
        }
    }

    [PostgresFact]
    public async Task Partitions_EnsureMovesRowsOutOfTheDefaultPartition_AndIsIdempotent()
    {
        var now = new DateTimeOffset(2031, 3, 10, 8, 0, 0, TimeSpan.Zero); // months no partition exists for yet
        await using var db = Factory.CreateDbContext();
        db.Predictions.AddRange(
            new PredictionRecord { TimestampMs = At(2031, 3, 9), ModelVersionId = 1, Score = 0.2, Features = [] },
            new PredictionRecord { TimestampMs = At(2031, 1, 5), ModelVersionId = 1, Score = 0.7, Features = [] });
        await db.SaveChangesAsync();
        Assert.Equal(2L, await CountAsync(db, PredictionPartitions.DefaultPartition));

        Assert.Equal(3, await PredictionPartitions.EnsureAsync(db, now.ToUnixTimeMilliseconds())); // January (stranded), March (now), April (next)
        Assert.Equal(0, await PredictionPartitions.EnsureAsync(db, now.ToUnixTimeMilliseconds()));

        Assert.Equal(0L, await CountAsync(db, PredictionPartitions.DefaultPartition));
        Assert.Equal((1L, 1L), (await CountAsync(db, "predictions_2031_01"), await CountAsync(db, "predictions_2031_03")));
        var april = (await PredictionPartitions.ListAsync(db)).Single(p => p.Name == "predictions_2031_04");
        Assert.Equal((new DateTimeOffset(2031, 4, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), new DateTimeOffset(2031, 5, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()),
            (april.FromMs, april.ToMs));
        Assert.Equal(2, await db.Predictions.CountAsync());
    }

    private static Task<string> RelKindAsync(LeadScoringDbContext db) =>
        db.Database.SqlQueryRaw<string>("SELECT relkind::text AS \"Value\" FROM pg_class WHERE oid = 'predictions'::regclass").SingleAsync();

    private static Task<long> CountAsync(LeadScoringDbContext db, string table)
    {
        var sql = $"SELECT count(*) AS \"Value\" FROM {table}"; // the tests' own table names
        return db.Database.SqlQueryRaw<long>(sql).SingleAsync();
    }
}
