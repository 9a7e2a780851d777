using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Engine.Domain;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>
/// The minute layer of the rollups on any store: run on SQLite (<see cref="MinuteRollupTests"/>) and PostgreSQL
/// (<see cref="PostgresStoreTests"/>). Every read is compared with an aggregate of the raw rows of the same window.
/// </summary>
public static class MinuteRollupScenario
{
    public const long Minute = PredictionRollups.MinuteMs;
    public const long Hour = PredictionRollups.HourMs;

    /// <summary>"Now": hour 50, 37.5 minutes in.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(50 * Hour + 37 * Minute + 30_000);

    /// <summary>
    /// Two days of sparse rows and a busy open hour; late inserts and deletions below both watermarks; the clock moves
    /// on two hours (closed hours summed from their minutes, old minutes dropped). 60 random windows with random
    /// buckets and model filters read exactly what the raw rows give, and so do their counts.
    /// </summary>
    public static async Task RandomWindows_EqualTheRawRows(ILeadScoringDbFactory store)
    {
        var time = new FixedTimeProvider(Now);
        var rollups = new PredictionRollups(store, time) { MinuteRetention = TimeSpan.FromHours(3) };
        await WriteAsync(store, Rows(0, 50 * Hour, every: 41_000));
        await WriteAsync(store, Rows(50 * Hour, Now.ToUnixTimeMilliseconds(), every: 2_000));
        await rollups.AdvanceAsync();

        await WriteAsync(store, Rows(50 * Hour + 5 * Minute + 7, 50 * Hour + 9 * Minute, every: 1_500, model: 2)); // minutes
        await WriteAsync(store, Rows(49 * Hour + 59 * Minute, 50 * Hour + Minute, every: 3_000, model: 3)); // both layers
        await WriteAsync(store, Rows(3 * Hour, 3 * Hour + 10, every: 1)); // an old hour
        // Late rows on both sides of the minute watermark, which stands inside the open minute (37:24).
        await WriteAsync(store, Rows(50 * Hour + 37 * Minute + 1_000, 50 * Hour + 37 * Minute + 29_000, every: 700, model: 2));
        await using (var db = store.CreateDbContext())
        {
            db.Predictions.RemoveRange(db.Predictions.Where(p => p.TimestampMs >= 50 * Hour + 20 * Minute && p.TimestampMs < 50 * Hour + 21 * Minute));
            await db.SaveChangesAsync();
        }
        var random = new Random(17);
        await CompareRandomWindowsAsync(store, rollups, random, 30);

        for (var step = 1; step <= 8; step++)
        {
            time.Now = Now.AddMinutes(15 * step);
            var at = time.Now.ToUnixTimeMilliseconds();
            await WriteAsync(store, Rows(at - 15 * Minute, at, every: 2_500));
            await rollups.AdvanceAsync();
        }
        await CompareRandomWindowsAsync(store, rollups, random, 30);

        await using var check = store.CreateDbContext();
        var kept = await check.PredictionMinuteRollups.MinAsync(r => r.MinuteMs);
        Assert.True(kept >= PredictionRollups.FloorHour(time.Now.ToUnixTimeMilliseconds()) - 3 * Hour, "minutes older than the retention are dropped");
        Assert.Equal(await check.Predictions.LongCountAsync(p => p.TimestampMs >= 51 * Hour && p.TimestampMs < 52 * Hour),
            await check.PredictionRollups.Where(r => r.HourMs == 51 * Hour).SumAsync(r => r.Count));
    }

    /// <summary>
    /// The open hour is read from minute rollups, not row by row: with the raw rows of the rolled-up minutes deleted
    /// behind the rollups' back, a read still counts them. The open minute too is rolled up to the watermark
    /// (grace, then steps of <see cref="PredictionRollups.MinuteStep"/>): only the last seconds come from raw rows.
    /// </summary>
    public static async Task OpenHour_IsReadFromMinuteRollups(ILeadScoringDbFactory store)
    {
        var time = new FixedTimeProvider(Now);
        var rollups = new PredictionRollups(store, time);
        var now = Now.ToUnixTimeMilliseconds();
        await WriteAsync(store, Rows(50 * Hour, now, every: 1_000));
        await rollups.AdvanceAsync();
        var step = (long)PredictionRollups.MinuteStep.TotalMilliseconds;
        var watermark = (now - (long)PredictionRollups.MinuteGrace.TotalMilliseconds) / step * step; // 37:24, inside the open minute
        await using (var db = store.CreateDbContext())
        {
            await db.Predictions.Where(p => p.TimestampMs < watermark).ExecuteDeleteAsync(); // not through the rollups
        }

        var window = new TimeWindow(50 * Hour, now);
        var read = await rollups.ReadAsync(window, null, Minute);

        Assert.Equal(now - 50 * Hour, read.Values.Sum(a => a.Count) * 1_000);
        Assert.Equal(now - 50 * Hour, await rollups.CountAsync(window, null) * 1_000);
        Assert.Equal(38, read.Keys.Count(k => k < watermark)); // minutes 0–37, the open one read from its partial row and 6 s of rows
    }

    public static async Task CompareRandomWindowsAsync(ILeadScoringDbFactory store, PredictionRollups rollups, Random random, int windows)
    {
        long[] buckets = [Minute, 5 * Minute, 15 * Minute, Hour, 24 * Hour, long.MaxValue];
        var end = Now.ToUnixTimeMilliseconds() + 3 * Hour;
        for (var i = 0; i < windows; i++)
        {
            var from = i % 5 == 0 ? 0 : random.NextInt64(end);
            var to = i % 7 == 0 ? long.MaxValue : from + random.NextInt64(1, end - from + 1);
            var window = new TimeWindow(from, to);
            var bucket = buckets[random.Next(buckets.Length)];
            int? model = random.Next(3) == 0 ? 1 + random.Next(3) : null;
            var raw = RawRows(store, window, model);
            var read = await rollups.ReadAsync(window, model, bucket);
            AssertEqualsRaw(raw, read, bucket, $"window {from}–{to}, bucket {bucket}, model {model}");
            Assert.Equal(raw.Count, await rollups.CountAsync(window, model));
        }
    }

    public static List<PredictionRecord> Rows(long from, long to, long every, int? model = null)
    {
        var rows = new List<PredictionRecord>();
        var i = 0;
        for (var t = from; t < to; t += every, i++)
        {
            var score = (i * 7919L % 1009) / 1009.0;
            rows.Add(new PredictionRecord
            {
                TimestampMs = t, ModelVersionId = model ?? 1 + i % 3, Score = score, PredictedEngaged = score >= 0.4,
                InferenceMs = 0.01 + (i * 104729L % 997) / 50.0, EndToEndMs = 1 + i % 13, Features = [1, 2, 3],
                Source = PredictionSource.Api,
            });
        }
        return rows;
    }

    public static async Task WriteAsync(ILeadScoringDbFactory store, IReadOnlyList<PredictionRecord> rows)
    {
        await using var db = store.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await PredictionBulkWriter.WriteAsync(db, rows);
        await transaction.CommitAsync();
    }

    private static List<PredictionPoint> RawRows(ILeadScoringDbFactory store, TimeWindow window, int? model)
    {
        using var db = store.CreateDbContext();
        var rows = db.Predictions.Where(p => p.TimestampMs >= window.FromMs && p.TimestampMs < window.ToMs);
        if (model is { } id)
        {
            rows = rows.Where(p => p.ModelVersionId == id);
        }
        return [.. PredictionRollups.PointsOf(rows)];
    }

    private static void AssertEqualsRaw(List<PredictionPoint> raw, SortedDictionary<long, PredictionAggregate> read, long bucket, string what)
    {
        var expected = raw.GroupBy(p => bucket == long.MaxValue ? 0 : p.TimestampMs / bucket * bucket).ToDictionary(g => g.Key, g =>
        {
            var aggregate = new PredictionAggregate();
            foreach (var point in g)
            {
                aggregate.Add(point);
            }
            return aggregate;
        });
        Assert.True(expected.Keys.Order().SequenceEqual(read.Where(b => b.Value.Count > 0).Select(b => b.Key)), what);
        foreach (var (key, aggregate) in expected)
        {
            var actual = read[key];
            Assert.True(aggregate.Count == actual.Count && aggregate.Engaged == actual.Engaged, what);
            Assert.Equal(aggregate.ScoreSum, actual.ScoreSum, 1e-9);
            Assert.Equal(aggregate.ScoreSumSquares, actual.ScoreSumSquares, 1e-9);
            Assert.Equal(aggregate.ScoreValueBins(), actual.ScoreValueBins());
            Assert.Equal(aggregate.InferenceValueBins(), actual.InferenceValueBins());
            Assert.Equal(aggregate.EndToEndValueBins(), actual.EndToEndValueBins());
        }
    }
}
