using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Features;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Storage.Rollups;

/// <summary>The columns feature rollups need of a prediction.</summary>
public readonly record struct FeatureRow(long TimestampMs, int ModelVersionId, double Score, byte[] Features)
{
    public static FeatureRow Of(PredictionRecord p) => new(p.TimestampMs, p.ModelVersionId, p.Score, p.Features);
}

/// <summary>
/// Hourly drift counts of the predictions (<see cref="FeatureRollupRecord"/>), kept eagerly: every transaction that
/// inserts or deletes predictions adds one signed delta row per (hour, model version) it touches, in that same
/// transaction (the bulk writer, the context's SaveChanges, batch deletion, retention), so the rollups never disagree
/// with the rows. Deltas are appended, never read and rewritten, so a telemetry batch costs one counting pass over its
/// own rows; <see cref="CompactAsync"/> folds a closed hour's deltas into one row in the background.
/// </summary>
public static partial class FeatureRollups
{
    /// <summary>Rows counted per engine pass while streaming (bounds the memory of deleting a large batch).</summary>
    private const int ChunkRows = 65_536;

    // A version's reference never changes once registered; keyed by store too, since tests open many stores.
    private static readonly ConcurrentDictionary<(string Store, int Version), (DriftReference? Reference, long Hash)> s_references = new();

    /// <summary>
    /// Most distinct off-grid values a numeric column keeps per delta row (<c>DriftRollups:MaxOffGridValuesPerHour</c>,
    /// set at start-up); past it the row keeps counts and sums only and window drift over it falls back to the rows.
    /// </summary>
    public static int MaxOffGridValues { get; set; } = 4096;

    /// <summary>Off switch (<c>DriftRollups:Enabled</c>): without rollups, window drift reads every row as before.</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>Adds (<paramref name="sign"/> +1) or takes out (−1) the counts of <paramref name="rows"/> in the caller's transaction.</summary>
    public static async Task ApplyAsync(LeadScoringDbContext db, IEnumerable<FeatureRow> rows, int sign, CancellationToken cancellationToken = default)
    {
        if (!Enabled)
        {
            return;
        }
        var accumulator = new Accumulator(db, sign);
        foreach (var row in rows)
        {
            await accumulator.AddAsync(row, cancellationToken);
        }
        await accumulator.SaveAsync(cancellationToken);
    }

    /// <summary>Takes out the counts of predictions about to be deleted (call before deleting them, in the same transaction).</summary>
    public static Task SubtractAsync(LeadScoringDbContext db, IQueryable<PredictionRecord> deleted, CancellationToken cancellationToken = default) =>
        Enabled ? ApplyQueryAsync(db, deleted, -1, cancellationToken) : Task.CompletedTask;

    // The rows of a query streamed through the counting (a large deletion or an hour's recount never sits in memory whole).
    private static async Task ApplyQueryAsync(LeadScoringDbContext db, IQueryable<PredictionRecord> predictions, int sign, CancellationToken cancellationToken)
    {
        // References looked up before the rows stream: PostgreSQL runs one command per connection at a time.
        foreach (var version in await predictions.Select(p => p.ModelVersionId).Distinct().ToListAsync(cancellationToken))
        {
            await ReferenceAsync(db, version, cancellationToken);
        }
        var accumulator = new Accumulator(db, sign);
        var rows = predictions.AsNoTracking().Select(p => new FeatureRow(p.TimestampMs, p.ModelVersionId, p.Score, p.Features));
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await accumulator.AddAsync(row, cancellationToken);
        }
        await accumulator.SaveAsync(cancellationToken);
    }

    /// <summary>The drift reference of a model version and the hash rollups on it carry (null, 0 when it has none).</summary>
    public static async Task<(DriftReference? Reference, long Hash)> ReferenceAsync(LeadScoringDbContext db, int modelVersionId,
        CancellationToken cancellationToken = default)
    {
        var key = (db.Database.GetConnectionString() ?? "", modelVersionId);
        if (s_references.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var bytes = await db.ModelVersions.AsNoTracking().Where(m => m.Id == modelVersionId).Select(m => m.DriftReference).SingleOrDefaultAsync(cancellationToken);
        var entry = bytes is null ? (null, 0L) : (Decode(bytes), Math.Max(1, Math.Abs(BitConverter.ToInt64(SHA256.HashData(bytes)))));
        return s_references[key] = entry;
    }

    /// <summary>
    /// Folds the deltas of each closed hour (ended before <paramref name="beforeMs"/>) into one row per model version
    /// and reference, at most <paramref name="maxGroups"/> groups per call, each in its own transaction. Returns the groups folded.
    /// </summary>
    public static async Task<int> CompactAsync(ILeadScoringDbFactory dbFactory, long beforeMs, int maxGroups, CancellationToken cancellationToken = default)
    {
        List<(long HourMs, int ModelVersionId, long ReferenceHash)> groups;
        await using (var db = dbFactory.CreateDbContext())
        {
            groups = (await db.FeatureRollups.AsNoTracking().Where(r => r.HourMs + PredictionRollups.HourMs <= beforeMs)
                .GroupBy(r => new { r.HourMs, r.ModelVersionId, r.ReferenceHash }).Where(g => g.Count() > 1)
                .Select(g => g.Key).Take(maxGroups).ToListAsync(cancellationToken))
                .Select(g => (g.HourMs, g.ModelVersionId, g.ReferenceHash)).ToList();
        }
        var folded = 0;
        foreach (var (hour, version, hash) in groups)
        {
            await using var db = dbFactory.CreateDbContext();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = await db.FeatureRollups.Where(r => r.HourMs == hour && r.ModelVersionId == version && r.ReferenceHash == hash).ToListAsync(cancellationToken);
            var (reference, currentHash) = await ReferenceAsync(db, version, cancellationToken);
            var merged = new FeatureRollupRecord { HourMs = hour, ModelVersionId = version, ReferenceHash = hash, Predictions = rows.Sum(r => r.Predictions) };
            if (hash != 0 && reference is not null && currentHash == hash)
            {
                var counts = DriftCounts.Empty(reference);
                foreach (var row in rows)
                {
                    counts.Merge(DriftCounts.Deserialize(row.Counts, reference));
                }
                merged.Counts = counts.Serialize();
            }
            else if (hash != 0)
            {
                continue; // counts on a reference this store no longer has: left as they are, never read
            }
            db.FeatureRollups.RemoveRange(rows);
            if (merged.Predictions != 0)
            {
                db.FeatureRollups.Add(merged);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            folded++;
        }
        return folded;
    }

    private static DriftReference Decode(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return DriftReferenceSerializer.FromJson(reader.ReadToEnd());
    }

    /// <summary>Counts rows per (hour, model version) in chunks, then writes one delta row per group.</summary>
    private sealed class Accumulator(LeadScoringDbContext db, int sign)
    {
        private readonly Dictionary<(long Hour, int Version), Group> _groups = [];
        private readonly double[] _row = new double[FeatureSchema.Count];

        public async Task AddAsync(FeatureRow row, CancellationToken cancellationToken)
        {
            var key = (PredictionRollups.FloorHour(row.TimestampMs), row.ModelVersionId);
            if (!_groups.TryGetValue(key, out var group))
            {
                var (reference, hash) = await ReferenceAsync(db, row.ModelVersionId, cancellationToken);
                _groups[key] = group = new Group(reference, hash);
            }
            group.Predictions += sign;
            if (group.Reference is null || row.Features.Length != FeatureSchema.Count * sizeof(double))
            {
                return; // as the raw window read: rows without the 47 features are left out of drift
            }
            FeatureBlob.UnpackInto(row.Features, _row);
            group.Builder.Add(_row);
            group.Scores.Add(row.Score);
            if (group.Builder.Count == ChunkRows)
            {
                group.Flush(sign);
            }
        }

        public async Task SaveAsync(CancellationToken cancellationToken)
        {
            if (_groups.Count == 0)
            {
                return;
            }
            if (db.Database.CurrentTransaction is null)
            {
                throw new InvalidOperationException("Feature rollups are updated inside the transaction that changed the predictions.");
            }
            foreach (var ((hour, version), group) in _groups)
            {
                group.Flush(sign);
                db.FeatureRollups.Add(new FeatureRollupRecord
                {
                    HourMs = hour,
                    ModelVersionId = version,
                    ReferenceHash = group.Hash,
                    Predictions = group.Predictions,
                    Counts = group.Counts?.Serialize() ?? [],
                });
            }
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private sealed class Group(DriftReference? reference, long hash)
    {
        public DriftReference? Reference => reference;
        public long Hash => hash;
        public long Predictions { get; set; }
        public DriftCounts? Counts { get; } = reference is null ? null : DriftCounts.Empty(reference);
        public LeadDriftColumnsBuilder Builder { get; private set; } = new();
        public List<double> Scores { get; private set; } = [];

        public void Flush(int sign)
        {
            if (reference is null || Builder.Count == 0)
            {
                return;
            }
            Counts!.Add(reference, Builder, Scores, sign, MaxOffGridValues);
            Builder = new LeadDriftColumnsBuilder();
            Scores = [];
        }
    }
}
