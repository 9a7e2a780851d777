using LeadScoring.Core.DriftRuns;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Tests.Drift;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Tests.DriftRuns;

/// <summary>
/// Window drift summed from the hourly drift counts equals window drift read row by row (KS and p-values exactly,
/// Wasserstein within 1e-9) on random windows over 40 hours of predictions: partial first and last hours, an hour
/// whose rollups are missing (read as rows, then recounted by the repair), hours still made of unfolded deltas and folded ones, rows without features.
/// </summary>
[Trait("Store", "both")]
public sealed class WindowDriftFromRollupsTests : IAsyncLifetime
{
    private static readonly long Start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const int Hours = 40;
    private readonly DriftServiceFixture _f = new();
    private PredictionRollups _rollups = default!;
    private long _missingHour;

    public async Task InitializeAsync()
    {
        await _f.InitializeAsync();
        _rollups = new PredictionRollups(_f.Store.Factory, TimeProvider.System);
        List<PredictionRecord> stored;
        await using (var db = _f.Store.Factory.CreateDbContext())
        {
            stored = await db.Predictions.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
        }
        // 4,000 copies of the stored rows (both scenarios) spread over 40 hours, saved in 8 transactions (8 delta rows
        // per hour touched), 1 in 100 without features.
        var random = new Random(17);
        for (var chunk = 0; chunk < 8; chunk++)
        {
            await using var db = _f.Store.Factory.CreateDbContext();
            for (var i = 0; i < 500; i++)
            {
                var source = stored[random.Next(stored.Count)];
                db.Predictions.Add(new PredictionRecord
                {
                    TimestampMs = Start + random.NextInt64(Hours * PredictionRollups.HourMs),
                    ModelVersionId = source.ModelVersionId,
                    Score = source.Score,
                    PredictedEngaged = source.PredictedEngaged,
                    Features = random.Next(100) == 0 ? [] : source.Features,
                    Source = PredictionSource.Api,
                });
            }
            await db.SaveChangesAsync();
        }
        // Half the hours folded, as the background maintenance does.
        await FeatureRollups.CompactAsync(_f.Store.Factory, Start + Hours / 2 * PredictionRollups.HourMs, int.MaxValue);
        // One hour as if stored before rollups existed.
        _missingHour = Start + 7 * PredictionRollups.HourMs;
        await using (var db = _f.Store.Factory.CreateDbContext())
        {
            await db.FeatureRollups.Where(r => r.HourMs == _missingHour).ExecuteDeleteAsync();
        }
    }

    public Task DisposeAsync() => _f.DisposeAsync();

    public static TheoryData<int> Seeds() => [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task RandomWindow_FromRollups_EqualsTheRowRead(int seed)
    {
        var random = new Random(seed);
        var span = (Hours + 2) * PredictionRollups.HourMs;
        var from = Start - PredictionRollups.HourMs + random.NextInt64(span / 2);
        var to = from + 2 * PredictionRollups.HourMs + random.NextInt64(span / 2);
        await AssertSameAsync(new TimeWindow(from, to));
    }

    [Fact]
    public async Task WholeStore_AndHourAlignedWindow_FromRollups_EqualTheRowRead()
    {
        await AssertSameAsync(new TimeWindow(0, Start + 2 * Hours * PredictionRollups.HourMs));
        await AssertSameAsync(new TimeWindow(Start + 3 * PredictionRollups.HourMs, Start + 11 * PredictionRollups.HourMs));
    }

    [Fact]
    public async Task WindowInsideOneHour_IsReadAsRows()
    {
        var run = await _f.Service(rollups: _rollups).ForWindowAsync(new TimeWindow(Start + 60_000, Start + 3_000_000));
        Assert.Null(run.Computation);
    }

    [Fact]
    public async Task Repair_RecountsTheHourWithoutCounts_ThenWholeHoursCoverTheWindow()
    {
        var window = new TimeWindow(Start + 3 * PredictionRollups.HourMs, Start + 11 * PredictionRollups.HourMs);
        var before = await _f.Service(rollups: _rollups).ForWindowAsync(window);
        Assert.StartsWith("From hourly drift counts: 7 whole hour(s)", before.Computation, StringComparison.Ordinal);

        var rolledUpTo = await _rollups.AdvanceAsync();
        Assert.Equal(1, await FeatureRollups.RepairAsync(_f.Store.Factory, rolledUpTo, 64));
        Assert.Equal(0, await FeatureRollups.RepairAsync(_f.Store.Factory, rolledUpTo, 64));

        var after = await _f.Service(rollups: _rollups).ForWindowAsync(window);
        Assert.StartsWith("From hourly drift counts: 8 whole hour(s)", after.Computation, StringComparison.Ordinal);
        Assert.EndsWith(", 0 row(s) outside them read.", after.Computation, StringComparison.Ordinal);
        DriftReportEquivalence.AssertEquivalent((await _f.Service().ForWindowAsync(window)).Report, after.Report);
    }

    [Fact]
    public async Task OpenHour_CountedFromItsDeltas_WhenNoRowLiesAfterTheWindow_EqualsTheRowRead()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var open = PredictionRollups.FloorHour(now);
        await using (var db = _f.Store.Factory.CreateDbContext())
        {
            var stored = await db.Predictions.AsNoTracking().OrderBy(p => p.Id).Take(600).ToListAsync();
            var random = new Random(5);
            foreach (var (source, i) in stored.Select((p, i) => (p, i)))
            {
                // 400 rows in the two hours before this one (not rolled up yet when within the grace), 200 in this hour.
                var at = i < 400 ? open - 2 * PredictionRollups.HourMs + random.NextInt64(2 * PredictionRollups.HourMs) : open + random.NextInt64(Math.Max(1, now - open));
                db.Predictions.Add(new PredictionRecord
                {
                    TimestampMs = at, ModelVersionId = source.ModelVersionId, Score = source.Score, PredictedEngaged = source.PredictedEngaged,
                    Features = source.Features, Source = PredictionSource.Api,
                });
            }
            await db.SaveChangesAsync();
        }

        // The window ends after every row: the open hour is summed from its deltas, nothing outside whole hours is read.
        var toNow = new TimeWindow(open - 3 * PredictionRollups.HourMs, now + 60_000);
        var counted = await _f.Service(rollups: _rollups).ForWindowAsync(toNow);
        Assert.StartsWith("From hourly drift counts: 3 whole hour(s) (600 predictions)", counted.Computation, StringComparison.Ordinal);
        Assert.EndsWith(", 0 row(s) outside them read.", counted.Computation, StringComparison.Ordinal);
        DriftReportEquivalence.AssertEquivalent((await _f.Service().ForWindowAsync(toNow)).Report, counted.Report);
        // The drift-run record keeps how the window was computed, and the stored run shows it again.
        var recorded = Assert.IsType<StoredDriftRun>(await _f.Runs.GetAsync(Assert.NotNull(counted.RunId)));
        Assert.Equal(counted.Computation, recorded.Run.Computation);

        // A window ending before some of the open hour's rows reads that hour's part as rows.
        var earlier = new TimeWindow(open - 3 * PredictionRollups.HourMs, open + Math.Max(1, now - open) / 2);
        await AssertSameAsync(earlier);
    }

    private async Task AssertSameAsync(TimeWindow window)
    {
        var rows = await _f.Service().ForWindowAsync(window);
        var counted = await _f.Service(rollups: _rollups).ForWindowAsync(window);
        DriftReportEquivalence.AssertEquivalent(rows.Report, counted.Report);
        Assert.Equal(rows.AvailableRows, counted.AvailableRows);
        Assert.StartsWith("From hourly drift counts", counted.Computation, StringComparison.Ordinal);
    }
}
