using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Models;

/// <summary>
/// The model registry in the store: versions with their artifacts, exactly one champion, promote and roll back.
/// Promotion swaps the live ONNX Runtime session without a restart (<see cref="ChampionHolder"/>).
/// Authorization is the caller's job (admin commands go through the dashboard's AdminGuard).
/// </summary>
public sealed partial class ModelRegistry(ILeadScoringDbFactory dbFactory, ModelVersionCatalog catalog, ChampionHolder champion, StoreChangeNotifier notifier,
    TimeProvider time, ChallengerHolder? challenger = null)
{
    private readonly ILeadScoringDbFactory _dbFactory = dbFactory;
    private readonly StoreChangeNotifier _notifier = notifier;
    private readonly TimeProvider _time = time;
    private readonly ChallengerHolder _challenger = challenger ?? new ChallengerHolder();

    private readonly ConcurrentDictionary<int, DriftReference> _driftReferences = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <summary>Every version, newest first (without artifacts).</summary>
    public Task<IReadOnlyList<ModelVersionInfo>> ListAsync(CancellationToken cancellationToken = default) => catalog.ListAsync(cancellationToken);

    /// <summary>The champion's entry, or null on an empty registry.</summary>
    public async Task<ModelVersionInfo?> ChampionAsync(CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(m => m.Status == ModelStatus.Champion);

    /// <summary>Adds a version as a candidate (not serving) after checking that ONNX Runtime can load it.</summary>
    public async Task<ModelVersionInfo> RegisterAsync(NewModelVersion version, string createdBy, CancellationToken cancellationToken = default)
    {
        // Fail here, not at promotion: a file ONNX Runtime cannot load or that takes other inputs never enters the registry.
        ScoringModel.FromOnnx(version.OnnxModel, "probe", featureColumns: version.FeatureColumns).Scorer.Dispose();
        FeaturePipelineState.FromJson(version.PipelineStateJson).Validate();
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = _dbFactory.CreateDbContext();
            var next = (await db.ModelVersions.MaxAsync(m => (int?)m.Version, cancellationToken) ?? 0) + 1;
            var record = new ModelVersionRecord
            {
                Version = next, Name = version.Name, CreatedAtUtc = _time.GetUtcNow().UtcDateTime, CreatedBy = createdBy,
                Status = ModelStatus.Candidate, Origin = version.Origin, OnnxModel = version.OnnxModel,
                PipelineStateJson = version.PipelineStateJson, FeatureColumnsJson = JsonSerializer.Serialize(version.FeatureColumns),
                DecisionThreshold = version.Threshold, MetricsJson = version.MetricsJson, TrainingJson = version.TrainingJson,
                DriftReference = version.DriftReference, ReferenceScores = version.ReferenceScores is null ? null : FeatureBlob.Pack(version.ReferenceScores),
                PerformanceReferenceJson = version.Holdout?.ToJson(),
                ExplanationBackground = version.ExplanationBackground is null ? null : FeatureBlob.Pack(version.ExplanationBackground),
            };
            db.ModelVersions.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            _notifier.Notify(StoreChange.Models);
            return ToInfo(record);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Makes a version the champion: the store flips in one transaction, then the live session is swapped.</summary>
    public Task<ModelVersionInfo> PromoteAsync(int id, CancellationToken cancellationToken = default) => PromoteAsync(id, null, cancellationToken);

    /// <summary>
    /// As <see cref="PromoteAsync(int, CancellationToken)"/>, running <paramref name="inTransaction"/> after the flip and
    /// before the commit, so what it writes (the promotion's evidence, reset alert baselines) commits or rolls back with it.
    /// </summary>
    public async Task<ModelVersionInfo> PromoteAsync(int id, ChampionChangeWork? inTransaction, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = _dbFactory.CreateDbContext();
            var target = await db.ModelVersions.SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
                ?? throw new KeyNotFoundException($"Model version {id} does not exist.");
            var loaded = Load(target); // load before touching the store: a broken model never becomes champion
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            ModelVersionRecord? previous = null;
            foreach (var current in await db.ModelVersions.Where(m => m.Status == ModelStatus.Champion && m.Id != id).ToListAsync(cancellationToken))
            {
                current.Status = ModelStatus.Archived;
                previous ??= current;
            }
            target.Status = ModelStatus.Champion;
            target.PromotedAtUtc = _time.GetUtcNow().UtcDateTime;
            // A champion is never its own challenger: promoting the challenger ends its shadow run.
            var wasChallenger = target.ChallengerSinceUtc is not null;
            target.ChallengerSinceUtc = null;
            await db.SaveChangesAsync(cancellationToken);
            if (inTransaction is not null)
            {
                try
                {
                    await inTransaction(new ChampionChange(db, previous is null ? null : ToInfo(previous), ToInfo(target)), cancellationToken);
                }
                catch
                {
                    loaded.Scorer.Dispose(); // never went live
                    throw;
                }
            }
            await transaction.CommitAsync(cancellationToken);
            champion.Swap(loaded);
            if (wasChallenger)
            {
                _challenger.Swap(null, null);
            }
            _notifier.Notify(StoreChange.Models);
            return ToInfo(target);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Sets a version's decision threshold. When the version is the champion, the live model is reloaded from the
    /// updated record through the same path as a promotion, so scoring uses the new threshold without a restart.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not strictly between 0 and 1.</exception>
    /// <exception cref="KeyNotFoundException">No version has that id.</exception>
    public async Task<ModelVersionInfo> SetThresholdAsync(int id, double threshold, CancellationToken cancellationToken = default)
    {
        if (!double.IsFinite(threshold) || threshold <= 0 || threshold >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The decision threshold must be strictly between 0 and 1.");
        }
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = _dbFactory.CreateDbContext();
            var target = await db.ModelVersions.SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
                ?? throw new KeyNotFoundException($"Model version {id} does not exist.");
            target.DecisionThreshold = threshold;
            // Load before saving: if the session cannot be created, the store and the live model stay as they were.
            var reloaded = target.Status == ModelStatus.Champion ? Load(target) : null;
            var reloadedChallenger = target.ChallengerSinceUtc is not null ? LoadChallenger(target) : null;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch
            {
                reloaded?.Scorer.Dispose(); // never went live, so nothing else owns it
                reloadedChallenger?.Scorer.Dispose();
                throw;
            }
            if (reloadedChallenger is not null)
            {
                _challenger.Swap(reloadedChallenger, target.ChallengerSinceUtc);
            }
            if (reloaded is not null)
            {
                champion.Swap(reloaded);
            }
            _notifier.Notify(StoreChange.Models);
            return ToInfo(target);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Discards a candidate (status archived, never promoted, so rollback never returns to it).</summary>
    public async Task<ModelVersionInfo> ArchiveCandidateAsync(int id, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = _dbFactory.CreateDbContext();
            var target = await db.ModelVersions.SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
                ?? throw new KeyNotFoundException($"Model version {id} does not exist.");
            if (target.Status != ModelStatus.Candidate)
            {
                throw new InvalidOperationException($"v{target.Version} is {target.Status.ToString().ToLowerInvariant()}, not a candidate.");
            }
            target.Status = ModelStatus.Archived;
            var wasChallenger = target.ChallengerSinceUtc is not null;
            target.ChallengerSinceUtc = null;
            await db.SaveChangesAsync(cancellationToken);
            if (wasChallenger)
            {
                _challenger.Swap(null, null);
            }
            _notifier.Notify(StoreChange.Models);
            return ToInfo(target);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Returns to the version that was champion before the current one; null when there is none.</summary>
    public Task<ModelVersionInfo?> RollbackAsync(CancellationToken cancellationToken = default) => RollbackAsync(null, cancellationToken);

    /// <summary>As <see cref="RollbackAsync(CancellationToken)"/>, with work done in the promotion's transaction.</summary>
    public async Task<ModelVersionInfo?> RollbackAsync(ChampionChangeWork? inTransaction, CancellationToken cancellationToken = default)
    {
        var previousId = await RollbackTargetAsync(cancellationToken);
        return previousId is { } id ? await PromoteAsync(id, inTransaction, cancellationToken) : null;
    }

    /// <summary>The id of the version a rollback returns to (the archived version promoted most recently); null when none.</summary>
    public async Task<int?> RollbackTargetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.CreateDbContext();
        return await db.ModelVersions
            .Where(m => m.Status == ModelStatus.Archived && m.PromotedAtUtc != null)
            .OrderByDescending(m => m.PromotedAtUtc)
            .Select(m => (int?)m.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Loads the stored champion into the live holder (at start-up); false when the registry has none.</summary>
    public async Task<bool> LoadChampionAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.CreateDbContext();
        var record = await db.ModelVersions.AsNoTracking().SingleOrDefaultAsync(m => m.Status == ModelStatus.Champion, cancellationToken);
        if (record is null)
        {
            return false;
        }
        champion.Swap(Load(record));
        await LoadChallengerAsync(cancellationToken);
        return true;
    }

    /// <summary>The version's precomputed drift reference (cached: versions are immutable).</summary>
    public async Task<DriftReference?> DriftReferenceAsync(int id, CancellationToken cancellationToken = default)
    {
        if (_driftReferences.TryGetValue(id, out var cached))
        {
            return cached;
        }
        await using var db = _dbFactory.CreateDbContext();
        var bytes = await db.ModelVersions.Where(m => m.Id == id).Select(m => m.DriftReference).SingleOrDefaultAsync(cancellationToken);
        if (bytes is null)
        {
            return null;
        }
        var reference = DecodeDriftReference(bytes);
        _driftReferences[id] = reference;
        return reference;
    }

    /// <summary>Drift references are stored as gzip-compressed JSON (their sorted distinct values compress well).</summary>
    public static byte[] EncodeDriftReference(DriftReference reference)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(DriftReferenceSerializer.ToJson(reference)));
        }
        return buffer.ToArray();
    }

    public static DriftReference DecodeDriftReference(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return DriftReferenceSerializer.FromJson(reader.ReadToEnd());
    }

    private static ScoringModel Load(ModelVersionRecord record) => Load(record, options: null);

    // The challenger scores off the request path on one low-priority thread: a session without ONNX Runtime's own
    // thread pool, so it can never take more than that thread's core from the champion (see ShadowWorker).
    private static ScoringModel LoadChallenger(ModelVersionRecord record) =>
        Load(record, new OnnxScorerOptions { IntraOpNumThreads = 1 });

    private static ScoringModel Load(ModelVersionRecord record, OnnxScorerOptions? options)
    {
        var columns = JsonSerializer.Deserialize<string[]>(record.FeatureColumnsJson) ?? [];
        var model = ScoringModel.FromOnnx(record.OnnxModel, $"v{record.Version}", record.Name, record.DecisionThreshold, columns, options);
        return model with { Pipeline = FeaturePipelineState.FromJson(record.PipelineStateJson), RegistryId = record.Id };
    }

    private static ModelVersionInfo ToInfo(ModelVersionRecord m) =>
        new(m.Id, m.Version, m.Name, m.CreatedAtUtc, m.CreatedBy, m.Status, m.Origin, m.DecisionThreshold, m.MetricsJson, m.TrainingJson, m.PromotedAtUtc)
        {
            ChallengerSinceUtc = m.ChallengerSinceUtc,
        };
}

/// <summary>A champion change inside its transaction: the context it runs on, the champion it replaces (null for the first) and the new one.</summary>
public sealed record ChampionChange(LeadScoringDbContext Db, ModelVersionInfo? Previous, ModelVersionInfo Target);

/// <summary>Work that must commit or roll back with a champion change.</summary>
public delegate Task ChampionChangeWork(ChampionChange change, CancellationToken cancellationToken);
