using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Storage;

/// <summary>What <see cref="PredictionSeeder"/> writes.</summary>
/// <param name="Predictions">Predictions spread evenly over the <paramref name="Days"/> before the current hour.</param>
/// <param name="Days">Length of that history.</param>
/// <param name="CurrentHour">Predictions spread evenly over the current hour up to now (the open hour).</param>
/// <param name="Seed">Random seed: the same seed writes the same rows.</param>
/// <param name="RowsPerTransaction">Rows per transaction (each written by the bulk writer: binary COPY on PostgreSQL).</param>
public sealed record PredictionSeedOptions(long Predictions, int Days, long CurrentHour, int Seed = 42, int RowsPerTransaction = 250_000)
{
    /// <summary>Scored leads in the pool that the rows cycle through.</summary>
    public const int PoolSize = 4_096;
}

/// <summary>How a seeding run went.</summary>
public sealed record PredictionSeedResult(int ModelVersionId, long Written, TimeSpan Elapsed);

/// <summary>
/// Fills a store with a large, realistic-looking prediction history for load and page-time measurements. The fast
/// path: a pool of <see cref="PredictionSeedOptions.PoolSize"/> scored leads (47 features, scores skewed low as lead
/// engagement is, the champion's threshold) is drawn once and cycled, each row with its own time and latencies, so
/// millions of rows cost the write alone. Rows go through the real bulk writer in large transactions, so the rollups
/// stay true; they are rolled up before returning.
/// </summary>
public static class PredictionSeeder
{
    private const int FeatureCount = 47;
    private const int WriteChunk = 50_000;

    public static async Task<PredictionSeedResult> SeedAsync(ILeadScoringDbFactory factory, PredictionSeedOptions options, TimeProvider time,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Predictions);
        ArgumentOutOfRangeException.ThrowIfNegative(options.CurrentHour);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Days, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RowsPerTransaction, 1);
        var started = time.GetTimestamp();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hour = PredictionRollups.FloorHour(now);
        var random = new Random(options.Seed);
        var (modelId, threshold) = await ModelVersionAsync(factory, time, random, cancellationToken);
        var pool = Pool(random, threshold);
        await using (var db = factory.CreateDbContext())
        {
            // On PostgreSQL the history's months get their partitions first, so no row passes through the default one.
            await Retention.PredictionPartitions.EnsureRangeAsync(db, hour - options.Days * 86_400_000L, now, cancellationToken);
        }

        long written = 0;
        async Task SpreadAsync(long count, long from, long to)
        {
            var step = (double)(to - from) / Math.Max(1, count);
            for (long offset = 0; offset < count; offset += options.RowsPerTransaction)
            {
                var end = Math.Min(count, offset + options.RowsPerTransaction);
                await using var db = factory.CreateDbContext();
                await db.Database.OpenConnectionAsync(cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                for (var chunk = offset; chunk < end; chunk += WriteChunk)
                {
                    var rows = new List<PredictionRecord>(WriteChunk);
                    for (var i = chunk; i < Math.Min(end, chunk + WriteChunk); i++)
                    {
                        rows.Add(Row(pool[(int)((written + i - offset) % pool.Length)], from + (long)(i * step), modelId, random, written + i - offset));
                    }
                    await PredictionBulkWriter.WriteAsync(db, rows, cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                written += end - offset;
                progress?.Report(written);
            }
        }
        await SpreadAsync(options.Predictions, hour - options.Days * 86_400_000L, hour);
        await SpreadAsync(options.CurrentHour, hour, Math.Max(hour + 1, now));
        await new PredictionRollups(factory, time).AdvanceAsync(cancellationToken);
        return new PredictionSeedResult(modelId, written, time.GetElapsedTime(started));
    }

    private static PredictionRecord Row(ScoredLead lead, long timestampMs, int modelId, Random random, long index)
    {
        var inference = 0.02 + random.NextDouble() * 0.05 + (random.Next(100) == 0 ? random.NextDouble() * 5 : 0); // a slow tail
        return new PredictionRecord
        {
            TimestampMs = timestampMs, ModelVersionId = modelId, Score = lead.Score, PredictedEngaged = lead.Engaged,
            ActualEngaged = index % 4 == 0 ? (random.NextDouble() < lead.Score ? 1 : 0) : null, InferenceMs = inference,
            EndToEndMs = inference + 0.5 + random.NextDouble(), Features = lead.Features, LeadId = $"seed-{index % 1_000_000}",
            Source = index % 10 == 0 ? PredictionSource.Api : PredictionSource.Upload,
        };
    }

    private static ScoredLead[] Pool(Random random, double threshold) =>
        [.. Enumerable.Range(0, PredictionSeedOptions.PoolSize).Select(_ =>
        {
            var features = new double[FeatureCount];
            for (var f = 0; f < features.Length; f++)
            {
                features[f] = random.NextDouble();
            }
            var score = Score(random);
            return new ScoredLead(FeatureBlob.Pack(features), score, score >= threshold);
        })];

    // Skewed towards low scores, as lead engagement is.
    private static double Score(Random random) => Math.Pow(random.NextDouble(), 2.2);

    // The store's champion, or a registered "seed" version when there is none.
    private static async Task<(int Id, double Threshold)> ModelVersionAsync(ILeadScoringDbFactory factory, TimeProvider time, Random random,
        CancellationToken cancellationToken)
    {
        await using var db = factory.CreateDbContext();
        await db.Database.MigrateAsync(cancellationToken);
        var champion = await db.ModelVersions.Where(m => m.Status == ModelStatus.Champion)
            .Select(m => new { m.Id, m.DecisionThreshold }).FirstOrDefaultAsync(cancellationToken);
        if (champion is not null)
        {
            return (champion.Id, champion.DecisionThreshold);
        }
        var model = new ModelVersionRecord
        {
            Version = 1, Name = "seed", Status = ModelStatus.Champion, Origin = "trained", CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            CreatedBy = "seed", DecisionThreshold = 0.5,
            ReferenceScores = FeatureBlob.Pack([.. Enumerable.Range(0, 10_000).Select(_ => Score(random))]),
        };
        db.ModelVersions.Add(model);
        await db.SaveChangesAsync(cancellationToken);
        return (model.Id, model.DecisionThreshold);
    }

    private sealed record ScoredLead(byte[] Features, double Score, bool Engaged);
}
