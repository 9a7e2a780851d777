using LeadScoring.Core.Diagnostics;
using System.Diagnostics;
using System.Globalization;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Storage.Retention;

/// <summary>What one purge removed, and how large its largest delete transaction was.</summary>
/// <param name="RanAt">When the purge started.</param>
/// <param name="RawBefore">Raw rows before this instant were expired (predictions: also below the rollup watermark).</param>
/// <param name="Predictions">Predictions deleted.</param>
/// <param name="Outcomes">Outcomes deleted with the predictions they labelled.</param>
/// <param name="Batches">Batch records deleted once old and without predictions.</param>
/// <param name="ApiRequests">Request metrics deleted.</param>
/// <param name="HealthProbes">Health probe rows deleted.</param>
/// <param name="RollupRows">Hourly rollup rows deleted.</param>
/// <param name="Transactions">Delete transactions committed.</param>
/// <param name="LargestTransactionRows">Most rows of the main table one transaction deleted (bounded by Retention:BatchSize).</param>
/// <param name="LongestTransaction">The longest delete transaction, measured.</param>
/// <param name="DriftRuns">Drift-run records deleted (older than Retention:DriftRunDays).</param>
public sealed record RetentionReport(DateTimeOffset RanAt, DateTimeOffset RawBefore, long Predictions, long Outcomes, long Batches, long ApiRequests,
    long HealthProbes, long RollupRows, int Transactions, int LargestTransactionRows, TimeSpan LongestTransaction, long DriftRuns = 0)
{
    /// <summary>Shadow challenger scores deleted with their predictions (or, unlinked, by their own age).</summary>
    public long ShadowScores { get; init; }

    /// <summary>Whole monthly partitions dropped (PostgreSQL); their rows are counted in <see cref="Predictions"/>.</summary>
    public int PartitionsDropped { get; init; }

    public long Total => Predictions + Outcomes + Batches + ApiRequests + HealthProbes + RollupRows + DriftRuns + ShadowScores;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"deleted {Predictions} predictions, {Outcomes} outcomes, {ShadowScores} shadow scores, {Batches} batches, {ApiRequests} request metrics, {HealthProbes} health probes (before {RawBefore:yyyy-MM-dd HH:mm}Z), {RollupRows} hourly rollups and {DriftRuns} drift runs in {Transactions} transactions (largest {LargestTransactionRows} rows, longest {LongestTransaction.TotalMilliseconds:0} ms){(PartitionsDropped > 0 ? $"; {PartitionsDropped} whole monthly partition(s) dropped" : "")}");
}

/// <summary>
/// Deletes expired rows in small transactions keyed by id (<see cref="RetentionOptions.BatchSize"/> rows each, the
/// keys read outside the write transaction), so a writer never waits long for the store's lock. Predictions go only
/// below the rollup watermark: their hours are rolled up already, so the rollups (and the watermark) stay as they
/// are and score history outlives the raw rows. Outcomes go with the predictions they label, in the same
/// transaction; a batch record goes once it is old and has no predictions left. The audit log is never purged.
/// On PostgreSQL, a month partition wholly before the cut is dropped first, in one short transaction
/// (<see cref="PredictionPartitions"/>); only the month the cut falls in is deleted row by row.
/// </summary>
public sealed class StoreRetention(ILeadScoringDbFactory dbFactory, PredictionRollups rollups, IOptionsMonitor<RetentionOptions> options,
    TimeProvider time, StoreChangeNotifier notifier)
{
    /// <summary>Batch ids deleted per statement at most (one bound parameter each).</summary>
    private const int MaxBatchRecordsPerTransaction = 500;

    public async Task<RetentionReport> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        if (settings.Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
        using var activity = LeadScoringDiagnostics.Source.StartActivity("leadscoring.retention.purge");
        var now = time.GetUtcNow();
        var tally = new Tally(dbFactory, settings, time, cancellationToken);
        var rawBefore = settings.PredictionDays > 0 ? now.AddDays(-settings.PredictionDays) : DateTimeOffset.MinValue;
        long shadowScores = 0;
        var partitionsDropped = 0;
        long predictions = 0, outcomes = 0, batches = 0, requests = 0, probes = 0, rollupRows = 0;
        if (settings.PredictionDays > 0)
        {
            var watermark = await rollups.AdvanceAsync(cancellationToken);
            var cut = Math.Min(rawBefore.ToUnixTimeMilliseconds(), watermark);
            rawBefore = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(0, cut));
            foreach (var dropped in await DropExpiredPartitionsAsync(tally, cut))
            {
                partitionsDropped++;
                predictions += dropped.Predictions;
                outcomes += dropped.Outcomes;
                shadowScores += dropped.ShadowScores;
            }
            await tally.RunAsync(async db =>
            {
                var (min, max, count) = await OldestAsync(db.Predictions.Where(p => p.TimestampMs < cut).Select(p => p.Id), settings.BatchSize, cancellationToken);
                if (count == 0)
                {
                    return (0, false);
                }
                return await tally.WriteAsync(db, async () =>
                {
                    outcomes += await db.Outcomes.Where(o => o.PredictionId >= min && o.PredictionId <= max
                        && db.Predictions.Any(p => p.Id == o.PredictionId && p.TimestampMs < cut)).ExecuteDeleteAsync(cancellationToken);
                    // A challenger's scores go with the predictions they are paired with, in the same transaction.
                    var shadowKeys = db.Predictions.Where(p => p.Id >= min && p.Id <= max && p.TimestampMs < cut && p.ShadowKey != null).Select(p => p.ShadowKey);
                    shadowScores += await db.ShadowScores.Where(s => shadowKeys.Contains(s.Key)).ExecuteDeleteAsync(cancellationToken);
                    await FeatureRollups.SubtractAsync(db, db.Predictions.Where(p => p.Id >= min && p.Id <= max && p.TimestampMs < cut), cancellationToken);
                    var deleted = await db.Predictions.Where(p => p.Id >= min && p.Id <= max && p.TimestampMs < cut).ExecuteDeleteAsync(cancellationToken);
                    predictions += deleted;
                    return (deleted, count == settings.BatchSize);
                });
            });
            var batchCut = rawBefore.UtcDateTime;
            await tally.RunAsync(async db =>
            {
                var ids = await db.Batches.Where(b => b.CreatedAtUtc < batchCut && b.Status != BatchStatus.Pending && b.Status != BatchStatus.Running
                        && !db.Predictions.Any(p => p.BatchId == b.Id))
                    .OrderBy(b => b.Id).Select(b => b.Id).Take(MaxBatchRecordsPerTransaction).ToListAsync(cancellationToken);
                if (ids.Count == 0)
                {
                    return (0, false);
                }
                return await tally.WriteAsync(db, async () =>
                {
                    var deleted = await db.Batches.Where(b => ids.Contains(b.Id) && !db.Predictions.Any(p => p.BatchId == b.Id)).ExecuteDeleteAsync(cancellationToken);
                    batches += deleted;
                    return (deleted, ids.Count == MaxBatchRecordsPerTransaction);
                });
            });
            // Scores whose prediction was never stored (its request refused) have no prediction to go with: by age.
            shadowScores += await DeleteShadowByAgeAsync(tally, cut, settings.BatchSize);
            var rawCut = now.AddDays(-settings.PredictionDays).ToUnixTimeMilliseconds();
            requests = await DeleteByIdAsync(tally, db => db.ApiRequests.Where(r => r.TimestampMs < rawCut).Select(r => r.Id),
                (db, min, max) => db.ApiRequests.Where(r => r.Id >= min && r.Id <= max && r.TimestampMs < rawCut), settings.BatchSize);
            probes = await DeleteByIdAsync(tally, db => db.HealthProbes.Where(h => h.TimestampMs < rawCut).Select(h => h.Id),
                (db, min, max) => db.HealthProbes.Where(h => h.Id >= min && h.Id <= max && h.TimestampMs < rawCut), settings.BatchSize);
        }
        if (settings.RollupDays > 0)
        {
            var hourCut = PredictionRollups.FloorHour(now.AddDays(-settings.RollupDays).ToUnixTimeMilliseconds());
            rollupRows = await DeleteByIdAsync(tally, db => db.PredictionRollups.Where(r => r.HourMs < hourCut).Select(r => r.HourMs),
                (db, min, max) => db.PredictionRollups.Where(r => r.HourMs >= min && r.HourMs <= max && r.HourMs < hourCut), settings.BatchSize);
        }
        long driftRuns = 0;
        if (settings.DriftRunDays > 0)
        {
            // Runs keep their own report, so they outlive the predictions they tested; only their own age expires them.
            var runCut = now.AddDays(-settings.DriftRunDays).UtcDateTime;
            driftRuns = await DeleteByIdAsync(tally, db => db.DriftRuns.Where(r => r.CreatedAtUtc < runCut).Select(r => r.Id),
                (db, min, max) => db.DriftRuns.Where(r => r.Id >= min && r.Id <= max && r.CreatedAtUtc < runCut), settings.BatchSize);
        }
        var report = new RetentionReport(now, rawBefore, predictions, outcomes, batches, requests, probes, rollupRows,
            tally.Transactions, tally.LargestRows, tally.Longest, driftRuns)
        {
            ShadowScores = shadowScores,
            PartitionsDropped = partitionsDropped,
        };
        LeadScoringDiagnostics.RetentionRowsRemoved.Add(report.Total);
        activity?.SetTag("leadscoring.rows", report.Total).SetTag("leadscoring.transactions", report.Transactions);
        if (report.Total > 0)
        {
            await AuditAsync(report, cancellationToken);
            notifier.Notify(StoreChange.Predictions | StoreChange.Batches | StoreChange.Requests);
        }
        return report;
    }

    /// <summary>
    /// Makes sure the months ahead (and any month with rows in the default partition) have a partition; PostgreSQL
    /// only. The leader runs it every retention round, whether or not the purge is enabled.
    /// </summary>
    public async Task<int> EnsurePartitionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        return await PredictionPartitions.EnsureAsync(db, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
    }

    // Each month wholly before the cut in one transaction: its few dependent rows deleted, the partition dropped.
    private static async Task<List<PredictionPartitions.Dropped>> DropExpiredPartitionsAsync(Tally tally, long cut)
    {
        var dropped = new List<PredictionPartitions.Dropped>();
        IReadOnlyList<PredictionPartitions.Partition> expired;
        await using (var db = tally.CreateDbContext())
        {
            expired = [.. (await PredictionPartitions.ListAsync(db, tally.CancellationToken)).Where(p => p.ToMs <= cut)];
        }
        foreach (var partition in expired)
        {
            await using var db = tally.CreateDbContext();
            await tally.WriteAsync(db, async () =>
            {
                dropped.Add(await PredictionPartitions.DropAsync(db, partition, tally.CancellationToken));
                return (0, false); // not a bounded row delete: it does not count towards the largest transaction's rows
            });
        }
        return dropped;
    }

    // The smallest and largest of the first `take` keys, ascending, and how many there were.
    private static async Task<(long Min, long Max, int Count)> OldestAsync(IQueryable<long> keys, int take, CancellationToken cancellationToken)
    {
        var first = await keys.OrderBy(k => k).Take(take).ToListAsync(cancellationToken);
        return first.Count == 0 ? (0, 0, 0) : (first[0], first[^1], first.Count);
    }

    private static async Task<long> DeleteByIdAsync<T>(Tally tally, Func<LeadScoringDbContext, IQueryable<long>> expiredKeys,
        Func<LeadScoringDbContext, long, long, IQueryable<T>> range, int batchSize)
        where T : class
    {
        long total = 0;
        await tally.RunAsync(async db =>
        {
            var (min, max, count) = await OldestAsync(expiredKeys(db), batchSize, tally.CancellationToken);
            if (count == 0)
            {
                return (0, false);
            }
            return await tally.WriteAsync(db, async () =>
            {
                var deleted = await range(db, min, max).ExecuteDeleteAsync(tally.CancellationToken);
                total += deleted;
                return (deleted, count == batchSize);
            });
        });
        return total;
    }

    private static async Task<long> DeleteShadowByAgeAsync(Tally tally, long cut, int batchSize)
    {
        long total = 0;
        await tally.RunAsync(async db =>
        {
            var keys = await db.ShadowScores.Where(s => s.TimestampMs < cut).OrderBy(s => s.TimestampMs).Select(s => s.Key).Take(batchSize)
                .ToListAsync(tally.CancellationToken);
            if (keys.Count == 0)
            {
                return (0, false);
            }
            return await tally.WriteAsync(db, async () =>
            {
                var deleted = await db.ShadowScores.Where(s => keys.Contains(s.Key)).ExecuteDeleteAsync(tally.CancellationToken);
                total += deleted;
                return (deleted, keys.Count == batchSize);
            });
        });
        return total;
    }

    private async Task AuditAsync(RetentionReport report, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        db.AuditLog.Add(new AuditRecord
        {
            TimestampUtc = report.RanAt.UtcDateTime, UserName = "system", Action = "retention.purge", Succeeded = true, Detail = report.Describe(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Runs delete rounds on fresh contexts, pausing between them, and measures each write transaction.</summary>
    private sealed class Tally(ILeadScoringDbFactory dbFactory, RetentionOptions settings, TimeProvider time, CancellationToken cancellationToken)
    {
        public CancellationToken CancellationToken => cancellationToken;

        public LeadScoringDbContext CreateDbContext() => dbFactory.CreateDbContext();

        public int Transactions { get; private set; }

        public int LargestRows { get; private set; }

        public TimeSpan Longest { get; private set; }

        public async Task RunAsync(Func<LeadScoringDbContext, Task<(int Deleted, bool More)>> round)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool more;
                await using (var db = dbFactory.CreateDbContext())
                {
                    (_, more) = await round(db);
                }
                if (!more)
                {
                    return;
                }
                if (settings.PauseBetweenBatchesMs > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(settings.PauseBetweenBatchesMs), time, cancellationToken);
                }
            }
        }

        public async Task<(int Deleted, bool More)> WriteAsync(LeadScoringDbContext db, Func<Task<(int Deleted, bool More)>> write)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var started = Stopwatch.GetTimestamp(); // from taking the write lock to releasing it
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await write();
            await transaction.CommitAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            Transactions++;
            LargestRows = Math.Max(LargestRows, result.Deleted);
            Longest = elapsed > Longest ? elapsed : Longest;
            return result;
        }
    }
}
