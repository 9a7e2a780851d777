using LeadScoring.Engine.Domain;
using LeadScoring.Core.Batches;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using LeadScoring.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Tests.Storage;

/// <summary>
/// The hourly rollups against the rows they stand for: every read is compared with an aggregate built from the raw
/// rows of the same range, after rolling up, after late inserts below the watermark, and after deletions.
/// </summary>
[Trait("Store", "both")]
public sealed class PredictionRollupsTests : IDisposable
{
    private const long Hour = PredictionRollups.HourMs;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(48 * Hour + 30 * 60_000); // day 2, 00:30
    private readonly TestStore _store = new();
    private readonly FixedTimeProvider _time = new(Now);
    private readonly PredictionRollups _rollups;

    public PredictionRollupsTests()
    {
        _rollups = new PredictionRollups(_store.Factory, _time);
    }

    [Fact]
    public async Task Advance_RollsUpClosedHoursOnly()
    {
        await WriteAsync(Rows(0, 49 * Hour, every: 7 * 60_000L));

        var watermark = await _rollups.AdvanceAsync();

        // 00:30 minus the 2-minute grace is in hour 48: hours 0–47 are closed, hour 48 is still open.
        Assert.Equal(48 * Hour, watermark);
        using var db = _store.Factory.CreateDbContext();
        var rolled = db.PredictionRollups.Sum(r => r.Count);
        Assert.Equal(db.Predictions.Count(p => p.TimestampMs < 48 * Hour), rolled);
        Assert.True(db.Predictions.Any(p => p.TimestampMs >= 48 * Hour));
        Assert.Equal(48, db.PredictionRollups.Select(r => r.HourMs).Distinct().Count());
    }

    [Fact]
    public async Task Advance_GraceKeepsAJustClosedHourOpen()
    {
        await WriteAsync(Rows(0, 3 * Hour, every: 60_000));
        _time.Now = DateTimeOffset.FromUnixTimeMilliseconds(2 * Hour + 60_000); // 02:01: hour 1 ended a minute ago

        Assert.Equal(Hour, await _rollups.AdvanceAsync());
        _time.Now = DateTimeOffset.FromUnixTimeMilliseconds(2 * Hour + 3 * 60_000);
        Assert.Equal(2 * Hour, await _rollups.AdvanceAsync());
    }

    [Theory]
    [InlineData(0L, 48 * Hour + 1_800_000, Hour)] // whole days and the open hour
    [InlineData(1_234_567L, 30 * Hour + 999L, 24 * Hour)] // partial hours at both ends
    [InlineData(5 * Hour + 100L, 5 * Hour + 200_000L, long.MaxValue)] // inside one hour
    [InlineData(0L, long.MaxValue, long.MaxValue)] // all time, one bucket
    public async Task Read_EqualsTheRawRowsOfTheWindow(long from, long to, long bucket)
    {
        await WriteAsync(Rows(0, 49 * Hour, every: 7 * 60_000L));
        await _rollups.AdvanceAsync();

        var window = new TimeWindow(from, to);
        var read = await _rollups.ReadAsync(window, null, bucket);

        await AssertEqualsRawAsync(read, window, null, bucket);
        Assert.Equal(RawRows(window, null).Count, await _rollups.CountAsync(window, null));
    }

    [Fact]
    public async Task Read_OneModelVersion_CountsOnlyItsRows()
    {
        await WriteAsync(Rows(0, 30 * Hour, every: 5 * 60_000L));
        await _rollups.AdvanceAsync();
        var window = new TimeWindow(0, 30 * Hour);

        var read = await _rollups.ReadAsync(window, 2, Hour);

        await AssertEqualsRawAsync(read, window, 2, Hour);
        Assert.True(read.Values.Sum(a => a.Count) < RawRows(window, null).Count);
    }

    [Fact]
    public async Task LateBulkInsertBelowTheWatermark_UpdatesItsHourInTheSameTransaction()
    {
        await WriteAsync(Rows(0, 30 * Hour, every: 5 * 60_000L));
        await _rollups.AdvanceAsync();
        long StoredForHour3()
        {
            using var db = _store.Factory.CreateDbContext();
            return db.PredictionRollups.Single(r => r.HourMs == 3 * Hour && r.ModelVersionId == 3).Count;
        }
        var before = StoredForHour3();

        await WriteAsync(Rows(3 * Hour + 17, 3 * Hour + 60_000, every: 1_000, model: 3));
        var window = new TimeWindow(0, 30 * Hour);

        await AssertEqualsRawAsync(await _rollups.ReadAsync(window, null, Hour), window, null, Hour);
        Assert.Equal(before + 60, StoredForHour3());
    }

    [Fact]
    public async Task RolledBackInsert_LeavesTheRollupsAsTheyWere()
    {
        await WriteAsync(Rows(0, 10 * Hour, every: 5 * 60_000L));
        await _rollups.AdvanceAsync();

        await using (var db = _store.Factory.CreateDbContext())
        {
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await PredictionBulkWriter.WriteAsync(db, Rows(2 * Hour, 2 * Hour + 60_000, every: 1_000));
            await transaction.RollbackAsync();
        }

        var window = new TimeWindow(0, 10 * Hour);
        await AssertEqualsRawAsync(await _rollups.ReadAsync(window, null, Hour), window, null, Hour);
    }

    [Fact]
    public async Task ContextSaveChanges_AddAndRemove_KeepTheRollupsTrue()
    {
        await WriteAsync(Rows(0, 10 * Hour, every: 5 * 60_000L));
        await _rollups.AdvanceAsync();

        using (var db = _store.Factory.CreateDbContext())
        {
            db.Predictions.AddRange(Rows(4 * Hour + 5, 4 * Hour + 20_000, every: 1_000, model: 1));
            db.SaveChanges(); // the synchronous path too
        }
        await using (var db = _store.Factory.CreateDbContext())
        {
            db.Predictions.RemoveRange(db.Predictions.Where(p => p.TimestampMs >= 6 * Hour && p.TimestampMs < 7 * Hour));
            await db.SaveChangesAsync();
        }

        var window = new TimeWindow(0, 10 * Hour);
        await AssertEqualsRawAsync(await _rollups.ReadAsync(window, null, Hour), window, null, Hour);
        using var check = _store.Factory.CreateDbContext();
        Assert.False(check.PredictionRollups.Any(r => r.HourMs == 6 * Hour)); // emptied hours lose their row
    }

    [Fact]
    public async Task BatchDeletion_TakesTheBatchOutOfTheRollups()
    {
        long batchId;
        using (var db = _store.Factory.CreateDbContext())
        {
            var batch = new BatchRecord { FileName = "old.csv", Status = BatchStatus.Completed, CreatedAtUtc = DateTime.UnixEpoch, UploadedBy = "test" };
            db.Batches.Add(batch);
            db.SaveChanges();
            batchId = batch.Id;
        }
        await WriteAsync(Rows(0, 10 * Hour, every: 5 * 60_000L));
        await WriteAsync([.. Rows(Hour, 3 * Hour, every: 30_000).Select(r => { r.BatchId = batchId; return r; })]);
        await _rollups.AdvanceAsync();
        var window = new TimeWindow(0, 10 * Hour);
        var before = (await _rollups.ReadAsync(window, null, long.MaxValue))[0].Count;

        var deletion = await new BatchAdministration(_store.Factory, new StoreChangeNotifier(_time)).DeleteBatchAsync(batchId);

        await AssertEqualsRawAsync(await _rollups.ReadAsync(window, null, Hour), window, null, Hour);
        Assert.Equal(before - deletion.PredictionsDeleted, (await _rollups.ReadAsync(window, null, long.MaxValue))[0].Count);
        Assert.Equal(240, deletion.PredictionsDeleted);
    }

    [Fact]
    public async Task Aggregate_StoredAndReadBack_IsUnchanged()
    {
        var aggregate = new PredictionAggregate();
        foreach (var row in Rows(0, Hour, every: 10_000))
        {
            aggregate.Add(PredictionPoint.Of(row));
        }
        var record = new PredictionRollupRecord();
        aggregate.CopyTo(record);

        var back = PredictionAggregate.From(record);

        AssertSame(aggregate, back);
        Assert.Equal(360, back.Count);
        // 0.0005 and 0.9995 sit in the first and last of the 1,000 bins; exactly 1 joins the last one.
        Assert.Equal(0, PredictionAggregate.ScoreBin(0.0005));
        Assert.Equal(999, PredictionAggregate.ScoreBin(0.9995));
        Assert.Equal(999, PredictionAggregate.ScoreBin(1.0));
    }

    [Fact]
    public void LatencyBins_AreAboutOnePercentWideAndHoldTheirValues()
    {
        foreach (var ms in new[] { 0.0, 1e-7, 0.02, 0.5, 1, 13.7, 250, 30_000 })
        {
            var (low, high) = PredictionAggregate.LatencyBinRange(PredictionAggregate.LatencyBin(ms));
            Assert.InRange(Math.Max(ms, PredictionAggregate.MinLatencyMs), low * (1 - 1e-12), high);
            Assert.Equal(Math.Exp(0.01), high / low, 1e-12);
        }
    }

    // Rows spread over [from, to): three model versions, scores and latencies that vary row to row.
    private static List<PredictionRecord> Rows(long from, long to, long every, int? model = null)
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

    private async Task WriteAsync(IReadOnlyList<PredictionRecord> rows)
    {
        await using var db = _store.Factory.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await PredictionBulkWriter.WriteAsync(db, rows);
        await transaction.CommitAsync();
    }

    private List<PredictionPoint> RawRows(TimeWindow window, int? model)
    {
        using var db = _store.Factory.CreateDbContext();
        var rows = db.Predictions.Where(p => p.TimestampMs >= window.FromMs && p.TimestampMs < window.ToMs);
        if (model is { } id)
        {
            rows = rows.Where(p => p.ModelVersionId == id);
        }
        return [.. PredictionRollups.PointsOf(rows)];
    }

    private Task AssertEqualsRawAsync(SortedDictionary<long, PredictionAggregate> read, TimeWindow window, int? model, long bucket)
    {
        var expected = RawRows(window, model)
            .GroupBy(p => bucket == long.MaxValue ? 0 : p.TimestampMs / bucket * bucket)
            .ToDictionary(g => g.Key, g =>
            {
                var aggregate = new PredictionAggregate();
                foreach (var point in g)
                {
                    aggregate.Add(point);
                }
                return aggregate;
            });
        Assert.Equal(expected.Keys.Order(), read.Where(b => b.Value.Count > 0).Select(b => b.Key));
        foreach (var (key, aggregate) in expected)
        {
            AssertSame(aggregate, read[key]);
        }
        return Task.CompletedTask;
    }

    private static void AssertSame(PredictionAggregate expected, PredictionAggregate actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Engaged, actual.Engaged);
        Assert.Equal(expected.ScoreSum, actual.ScoreSum, 1e-9);
        Assert.Equal(expected.ScoreSumSquares, actual.ScoreSumSquares, 1e-9);
        Assert.Equal(expected.ScoreValueBins(), actual.ScoreValueBins());
        Assert.Equal(expected.InferenceValueBins(), actual.InferenceValueBins());
        Assert.Equal(expected.EndToEndValueBins(), actual.EndToEndValueBins());
    }

    public void Dispose() => _store.Dispose();
}
